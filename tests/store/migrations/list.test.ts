// Migrations are named by the schema version they bring a TM to, not by their place in a
// list: a TM runs exactly those above its version, and a list with a gap or a repeat (a
// number two changes both took, one forgotten) is refused before it can touch a file.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checked, MIGRATIONS, SCHEMA_VERSION, type Migration } from '../../../src/store/migrations/index.js';
import { openStore } from '../../../src/store/open.js';
import { tempDir } from '../../helpers/cli.js';
import { writeOldSchema } from '../../helpers/old-schema.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

describe('the migration list', () => {
  it('numbers every schema version from 1 to the current one', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
  });

  it('is refused with a gap or a repeated number', () => {
    const noop = (): void => {};
    const gap: Migration[] = [...MIGRATIONS, { version: SCHEMA_VERSION + 2, up: noop }];
    const repeat: Migration[] = [...MIGRATIONS, { version: SCHEMA_VERSION, up: noop }];
    expect(() => checked(gap)).toThrow(/version/);
    expect(() => openStore(join(dir, 'a.sqlite'), { create: true, migrations: repeat })).toThrow(/version/);
  });

  it('runs on a TM only the migrations above its version, in order', () => {
    const path = join(dir, 'tm.sqlite');
    writeOldSchema(path, SCHEMA_VERSION, () => {});
    const ran: number[] = [];
    const next: Migration[] = [
      ...MIGRATIONS.map((m) => ({ version: m.version, up: () => ran.push(m.version) })),
      { version: SCHEMA_VERSION + 1, up: () => ran.push(SCHEMA_VERSION + 1) },
      { version: SCHEMA_VERSION + 2, up: () => ran.push(SCHEMA_VERSION + 2) },
    ];
    const store = openStore(path, { create: false, migrations: next });
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 2);
    store.close();
    expect(ran).toEqual([SCHEMA_VERSION + 1, SCHEMA_VERSION + 2]);
  });
});
