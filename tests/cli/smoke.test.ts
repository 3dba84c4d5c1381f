// The in-process CLI gives what the real process gives, for a write, a read and a refusal.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { expectRefusal, ntm, tempDir } from '../helpers/cli.js';
import { cli } from '../helpers/run.js';

describe('ntm in-process', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  it('adds and looks up as bin/ntm.js does', async () => {
    const db = join(dir, 'tm.sqlite');
    const added = await cli(['--db', db, 'add', 'De burgemeester trad vrijdag af.', 'The mayor resigned on Friday.']);
    expect(added.status, added.stderr).toBe(0);
    const inProcess = await cli(['--db', db, 'lookup', '--json', 'De burgemeester trad vrijdag af.']);
    const spawned = ntm(['--db', db, 'lookup', '--json', 'De burgemeester trad vrijdag af.']);
    expect(inProcess).toEqual(spawned);
    expect(JSON.parse(inProcess.stdout).matches[0]).toMatchObject({ score: 100, target: 'The mayor resigned on Friday.' });
  });

  it('reads standard input and refuses bad usage with exit 2', async () => {
    const db = join(dir, 'tm.sqlite');
    await cli(['--db', db, 'add', 'Goedemorgen.', 'Good morning.']);
    const piped = await cli(['--db', db, 'lookup', '--json', '-'], { input: 'Goedemorgen.\n' });
    expect(JSON.parse(piped.stdout.trim()).matches[0].target).toBe('Good morning.');
    expectRefusal(await cli(['--db', db, 'lookup', '--min', '300', 'x']), /--min/);
  });
});
