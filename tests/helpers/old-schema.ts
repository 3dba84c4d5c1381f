// A translation memory as an older ntm left it: only the migrations up to `version`, with
// the rows `fill` writes, in one transaction. Migration tests open it with today's ntm.
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { APPLICATION_ID } from '../../src/store/open.js';

export function writeOldSchema(path: string, version: number, fill: (db: Database.Database) => void): void {
  const db = new Database(path);
  // As open.ts migrates: a migration that rebuilds a table (006) needs foreign keys off.
  db.pragma('foreign_keys = OFF');
  try {
    // As ntm's upgrade runs them (store/open.ts): a migration that rebuilds a table needs it.
    db.pragma('foreign_keys = OFF');
    db.exec('BEGIN');
    for (const m of MIGRATIONS) if (m.version <= version) m.up(db);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${version}`);
    fill(db);
    db.exec('COMMIT');
  } finally {
    db.close();
  }
}
