// Schema 8: the lookup index records the format of its posting lists. A TM whose lists were
// written in another format (by an older or a newer ntm) is rebuilt when it is opened for
// writing, and refused by lookups until then, instead of being read the wrong way. Lists
// written before this column existed get format 0, which no ntm writes: they are rebuilt
// once, after the upgrade. Never edit a migration once released; add a new one.
import type { Database } from 'better-sqlite3';

export function migrate008(db: Database): void {
  db.exec(`ALTER TABLE match_state ADD COLUMN format INTEGER NOT NULL DEFAULT 0`);
}
