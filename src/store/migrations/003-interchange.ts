// Schema 3: what interchange files carry beyond ntm's own fields, kept so that an import
// followed by an export loses nothing: inline codes of both sides (as TMX `<seg>` bodies), the
// language codes the file used, properties and notes without a column, other `<tu>`
// attributes. One row per pair, only for pairs that have any of these. Matching never reads
// this table: it keeps using pairs.source_norm, the plain text.
import type { Database } from 'better-sqlite3';

export function migrate003(db: Database): void {
  db.exec(`
    CREATE TABLE pair_extras (
      pair_id        INTEGER PRIMARY KEY REFERENCES pairs (id) ON DELETE CASCADE,
      source_markup  TEXT,
      target_markup  TEXT,
      source_lang    TEXT,
      target_lang    TEXT,
      props          TEXT CHECK (props IS NULL OR json_valid(props)),       -- [{"type","value"}]
      more_notes     TEXT CHECK (more_notes IS NULL OR json_valid(more_notes)), -- ["…"]
      attrs          TEXT CHECK (attrs IS NULL OR json_valid(attrs))        -- {"tuid": "…"}
    ) STRICT;
  `);
}
