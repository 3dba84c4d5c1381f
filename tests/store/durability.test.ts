// A user's TM commits with fsync (synchronous = FULL: a stored pair survives a power cut);
// only the test suite's switch, NTM_TEST_NO_FSYNC=1, turns that off.
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Context } from '../../src/cli/context.js';
import { openStore } from '../../src/store/open.js';
import { tempDir } from '../helpers/cli.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

function contextWith(env: Record<string, string>): Context {
  return new Context({ stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), env, cwd: dir });
}

describe('durability of a commit', () => {
  it('is synchronous = FULL for every user; the suite switch alone turns fsync off', () => {
    const user = openStore(join(dir, 'user.sqlite'), contextWith({}).storeOptions(true));
    expect(user.db.pragma('synchronous', { simple: true })).toBe(2);
    user.close();
    const suite = openStore(join(dir, 'suite.sqlite'), contextWith({ NTM_TEST_NO_FSYNC: '1' }).storeOptions(true));
    expect(suite.db.pragma('synchronous', { simple: true })).toBe(0);
    suite.close();
    const other = openStore(join(dir, 'other.sqlite'), contextWith({ NTM_TEST_NO_FSYNC: 'yes' }).storeOptions(true));
    expect(other.db.pragma('synchronous', { simple: true })).toBe(2);
    other.close();
  });
});
