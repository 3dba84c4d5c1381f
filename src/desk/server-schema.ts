// The desk's schema on PostgreSQL: versioned migrations, run by `ntm desk init` in one
// transaction, and the roles the server enforces. The history is append-only: no role but
// the schema's owner can write a table; both roles push through one function that checks
// what a translator may do.
import type pg from 'pg';
import { DeskError } from '../core/errors.js';

/** The schema (namespace) that holds the desk's tables. */
export const DESK_SCHEMA = 'ntm';

/** The role whose members may approve, forbid and review. */
export const DESK_ROLE = 'ntm_desk';

/** The role whose members may only propose. */
export const TRANSLATOR_ROLE = 'ntm_translator';

/** One server migration: SQL run as the installing administrator. */
type ServerMigration = string;

// Never edit a released migration; add one.
const V1: ServerMigration = `
CREATE SCHEMA ntm;
REVOKE ALL ON SCHEMA ntm FROM PUBLIC;

CREATE TABLE ntm.meta (
  key   text PRIMARY KEY,
  value text NOT NULL
);
INSERT INTO ntm.meta (key, value) VALUES ('desk_id', gen_random_uuid()::text);

-- The desk's history, one row per change set, in server order (seq). A change set's uuid is
-- made by the TM that wrote it, so pushing it again is recognised and changes nothing.
CREATE TABLE ntm.changes (
  seq         bigint      PRIMARY KEY,
  uuid        uuid        NOT NULL UNIQUE,
  command     text        NOT NULL,
  author      text        NOT NULL,
  login       name        NOT NULL,
  role        text        NOT NULL CHECK (role IN ('desk', 'translator')),
  made_at     timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  -- For an undo: the change set it reverses; what the command was given (ntm changes shows it).
  undoes      uuid,
  detail      jsonb
);

-- What a change set did to each pair: the pair as it is after the change (for a delete, as it
-- was). overrode: the change this one replaced without having seen it (a concurrent edit).
CREATE TABLE ntm.ops (
  seq      bigint NOT NULL REFERENCES ntm.changes (seq),
  n        int    NOT NULL,
  pair     uuid   NOT NULL,
  action   text   NOT NULL CHECK (action IN ('add', 'edit', 'delete', 'restore')),
  state    jsonb  NOT NULL,
  overrode bigint,
  PRIMARY KEY (seq, n)
);
CREATE INDEX ops_pair ON ntm.ops (pair, seq);

-- Each pair's latest change: what the role checks and the conflict check compare against.
CREATE TABLE ntm.pairs (
  pair        uuid    PRIMARY KEY,
  status      text    NOT NULL,
  deleted     boolean NOT NULL,
  last_seq    bigint  NOT NULL,
  last_change uuid    NOT NULL
);

-- Appends change sets (a JSON array of {uuid, command, author, made_at, undoes, detail,
-- ops: [{pair, action, base, state}]}) in the order given; returns each one's seq. A change
-- set without ops carries the check's decisions in its detail (termRules, accepted, withdrawn). base is the
-- change set the pushing TM last saw on the pair: when the desk's latest is another one, the
-- op is stored with overrode = that one's seq (a concurrent change it replaces). A change set
-- already here keeps its seq. Pushes are serialised, so seq order is commit order and a reader
-- that has seen seq N has seen everything before it.
CREATE FUNCTION ntm.push(p_changes jsonb) RETURNS TABLE (change uuid, seq bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  v_role   text;
  v_change jsonb;
  v_op     jsonb;
  v_uuid   uuid;
  v_seq    bigint;
  v_n      int;
  v_pair   uuid;
  v_action text;
  v_status text;
  v_cur    ntm.pairs%ROWTYPE;
  v_found  boolean;
  v_over   bigint;
  v_decides boolean;
BEGIN
  IF pg_has_role(session_user, 'ntm_desk', 'MEMBER') THEN
    v_role := 'desk';
  ELSIF pg_has_role(session_user, 'ntm_translator', 'MEMBER') THEN
    v_role := 'translator';
  ELSE
    RAISE EXCEPTION '% is in neither ntm_desk nor ntm_translator', session_user USING ERRCODE = '42501';
  END IF;
  IF jsonb_typeof(p_changes) IS DISTINCT FROM 'array' THEN
    RAISE EXCEPTION 'push takes a JSON array of change sets' USING ERRCODE = '22023';
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('ntm.push'));
  FOR v_change IN SELECT value FROM jsonb_array_elements(p_changes) LOOP
    v_uuid := (v_change->>'uuid')::uuid;
    IF v_uuid IS NULL THEN
      RAISE EXCEPTION 'a change set without a uuid' USING ERRCODE = '22023';
    END IF;
    SELECT c.seq INTO v_seq FROM ntm.changes c WHERE c.uuid = v_uuid;
    IF FOUND THEN
      change := v_uuid; seq := v_seq; RETURN NEXT;
      CONTINUE;
    END IF;
    IF jsonb_typeof(v_change->'detail') IS NOT NULL AND jsonb_typeof(v_change->'detail') NOT IN ('object', 'null')
       OR length(coalesce(v_change->>'detail', '')) > 4000000 THEN
      RAISE EXCEPTION 'change %: detail is not a JSON object of at most 4 MB', v_uuid USING ERRCODE = '22023';
    END IF;
    -- The check's own decisions (a term's rules, accepted findings) are the desk's, as approving is.
    v_decides := jsonb_typeof(v_change->'detail') = 'object' AND EXISTS (
      SELECT 1 FROM jsonb_each(v_change->'detail') d
      WHERE d.key IN ('termRules', 'accepted', 'withdrawn') AND jsonb_typeof(d.value) = 'array' AND jsonb_array_length(d.value) > 0);
    IF jsonb_typeof(v_change->'ops') IS DISTINCT FROM 'array' OR (jsonb_array_length(v_change->'ops') = 0 AND NOT v_decides) THEN
      RAISE EXCEPTION 'change % has no ops', v_uuid USING ERRCODE = '22023';
    END IF;
    IF v_decides AND v_role = 'translator' THEN
      RAISE EXCEPTION 'change %: % may only propose, and cannot set term rules or accept findings', v_uuid, session_user
        USING ERRCODE = '42501';
    END IF;
    SELECT coalesce(max(c.seq), 0) + 1 INTO v_seq FROM ntm.changes c;
    INSERT INTO ntm.changes (seq, uuid, command, author, login, role, made_at, undoes, detail)
    VALUES (v_seq, v_uuid, left(coalesce(v_change->>'command', ''), 200), left(coalesce(v_change->>'author', session_user), 200),
            session_user, v_role, coalesce((v_change->>'made_at')::timestamptz, now()),
            (v_change->>'undoes')::uuid, CASE WHEN jsonb_typeof(v_change->'detail') = 'object' THEN v_change->'detail' END);
    v_n := 0;
    FOR v_op IN SELECT value FROM jsonb_array_elements(v_change->'ops') LOOP
      v_n := v_n + 1;
      v_pair := (v_op->>'pair')::uuid;
      v_action := v_op->>'action';
      v_status := v_op->'state'->>'status';
      IF v_pair IS NULL OR v_action IS NULL OR v_action NOT IN ('add', 'edit', 'delete', 'restore')
         OR jsonb_typeof(v_op->'state') IS DISTINCT FROM 'object'
         OR v_op->'state'->>'kind' IS NULL OR v_op->'state'->>'kind' NOT IN ('segment', 'term')
         OR v_status IS NULL OR v_status NOT IN ('approved', 'proposed', 'forbidden')
         OR coalesce(length(v_op->'state'->>'source'), 0) NOT BETWEEN 1 AND 100000
         OR coalesce(length(v_op->'state'->>'target'), 0) NOT BETWEEN 1 AND 100000
         OR length(v_op->>'state') > 400000
         OR (v_op->'state' ? 'tags' AND (jsonb_typeof(v_op->'state'->'tags') <> 'array'
             OR EXISTS (SELECT 1 FROM jsonb_array_elements(v_op->'state'->'tags') t WHERE jsonb_typeof(t) <> 'string'))) THEN
        RAISE EXCEPTION 'change %: op % is not a valid pair change', v_uuid, v_n USING ERRCODE = '22023';
      END IF;
      SELECT * INTO v_cur FROM ntm.pairs p WHERE p.pair = v_pair FOR UPDATE;
      v_found := FOUND;
      IF v_found = (v_action = 'add') THEN
        RAISE EXCEPTION 'change %: % of pair %, which the desk %', v_uuid, v_action, v_pair,
          CASE WHEN v_found THEN 'has already' ELSE 'does not have' END USING ERRCODE = '22023';
      END IF;
      -- A translator proposes: a new proposal, or a change to a proposal that is still one.
      IF v_role = 'translator' AND (v_status <> 'proposed' OR (v_found AND v_cur.status <> 'proposed')) THEN
        RAISE EXCEPTION 'change %: % may only propose, and cannot % a pair that is %', v_uuid, session_user, v_action,
          CASE WHEN v_found AND v_cur.status <> 'proposed' THEN v_cur.status ELSE v_status END
          USING ERRCODE = '42501';
      END IF;
      v_over := NULL;
      IF v_found AND v_cur.last_change IS DISTINCT FROM (v_op->>'base')::uuid THEN
        v_over := v_cur.last_seq;
      END IF;
      INSERT INTO ntm.ops (seq, n, pair, action, state, overrode) VALUES (v_seq, v_n, v_pair, v_action, v_op->'state', v_over);
      INSERT INTO ntm.pairs (pair, status, deleted, last_seq, last_change) VALUES (v_pair, v_status, v_action = 'delete', v_seq, v_uuid)
      ON CONFLICT (pair) DO UPDATE SET status = EXCLUDED.status, deleted = EXCLUDED.deleted, last_seq = EXCLUDED.last_seq,
        last_change = EXCLUDED.last_change;
    END LOOP;
    PERFORM pg_notify('ntm_changes', v_seq::text);
    change := v_uuid; seq := v_seq; RETURN NEXT;
  END LOOP;
END
$fn$;

REVOKE ALL ON ALL TABLES IN SCHEMA ntm FROM PUBLIC;
REVOKE ALL ON FUNCTION ntm.push(jsonb) FROM PUBLIC;
GRANT USAGE ON SCHEMA ntm TO ntm_desk, ntm_translator;
GRANT SELECT ON ntm.meta, ntm.changes, ntm.ops, ntm.pairs TO ntm_desk, ntm_translator;
GRANT EXECUTE ON FUNCTION ntm.push(jsonb) TO ntm_desk, ntm_translator;
`;

/** The server migrations in order; schema version N is reached by running the first N. */
export const SERVER_MIGRATIONS: readonly ServerMigration[] = [V1];

/** The newest desk schema this ntm knows. */
export const SERVER_SCHEMA_VERSION = SERVER_MIGRATIONS.length;

/** True when the database holds a desk (whatever its version). */
export async function deskExists(client: pg.Client): Promise<boolean> {
  // The catalogue, not to_regclass: a login without rights on the schema may still ask.
  const r = await client.query(
    `SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'ntm' AND c.relname = 'meta') AS ok`,
  );
  return r.rows[0].ok === true;
}

/** The desk schema version on the server, or 0 when there is no desk there yet. */
export async function serverSchemaVersion(client: pg.Client): Promise<number> {
  if (!(await deskExists(client))) return 0;
  const r = await client.query(`SELECT value FROM ntm.meta WHERE key = 'schema'`);
  return r.rows.length ? Number(r.rows[0].value) : 1;
}

export interface InitResult {
  from: number;
  to: number;
  rolesCreated: string[];
}

/**
 * Creates or upgrades the desk's schema and roles, in one transaction; running it on a desk
 * that is up to date changes nothing. A desk made by a newer ntm is refused.
 */
export async function initDesk(client: pg.Client, known: readonly ServerMigration[] = SERVER_MIGRATIONS, label = 'the server'): Promise<InitResult> {
  await client.query('BEGIN');
  try {
    // Two administrators running init at once: the second waits and then finds it done.
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('ntm desk init'))`);
    const from = await serverSchemaVersion(client);
    if (from > known.length) throw newerSchema(label, from, known.length);
    const rolesCreated: string[] = [];
    for (const role of [DESK_ROLE, TRANSLATOR_ROLE]) {
      const r = await client.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [role]);
      if (r.rows.length === 0) {
        await client.query(`CREATE ROLE ${role} NOLOGIN`);
        rolesCreated.push(role);
      }
    }
    for (let v = from; v < known.length; v++) await client.query(known[v]!);
    if (from < known.length) {
      await client.query(`INSERT INTO ntm.meta (key, value) VALUES ('schema', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [
        String(known.length),
      ]);
      await client.query(`GRANT SELECT ON ntm.meta TO ${DESK_ROLE}, ${TRANSLATOR_ROLE}`);
    }
    await client.query('COMMIT');
    return { from, to: known.length, rolesCreated };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

/** The error for a desk whose schema this ntm does not know. */
export function newerSchema(label: string, version: number, known: number): DeskError {
  return new DeskError(`the desk at ${label} has schema ${version}, from a newer ntm (this ntm knows up to ${known}); update ntm. Nothing was changed.`);
}

/** Checks that the desk (`found`, as `whoIsThere` saw it) speaks this ntm's schema; returns its id. */
export async function checkDesk(client: pg.Client, label: string, found?: boolean): Promise<string> {
  if (!(found ?? (await deskExists(client)))) {
    throw new DeskError(`there is no ntm desk at ${label}: ask IT to run "ntm desk init" there first. Nothing was changed.`);
  }
  const r = await client.query(`SELECT key, value FROM ntm.meta WHERE key IN ('schema', 'desk_id')`);
  const meta = new Map((r.rows as { key: string; value: string }[]).map((x) => [x.key, x.value]));
  const version = Number(meta.get('schema') ?? 1);
  if (version > SERVER_SCHEMA_VERSION) throw newerSchema(label, version, SERVER_SCHEMA_VERSION);
  if (version < SERVER_SCHEMA_VERSION) {
    throw new DeskError(
      `the desk at ${label} has schema ${version} and this ntm needs ${SERVER_SCHEMA_VERSION}: ask IT to run "ntm desk init" with this ntm to upgrade it. Nothing was changed.`,
    );
  }
  return String(meta.get('desk_id'));
}

/**
 * Who is logged in, the role the server gives them (null: neither of the desk's roles, or
 * no desk roles on this server at all), and whether the database holds a desk: one round trip.
 */
export async function whoIsThere(client: pg.Client): Promise<{ login: string; role: 'desk' | 'translator' | null; desk: boolean }> {
  // The catalogue, not to_regclass: a login without rights on the schema may still ask; a
  // role looked up by oid is NULL, not an error, on a server where init never ran.
  const r = await client.query(
    `SELECT session_user AS login,
            (SELECT pg_has_role(session_user, r.oid, 'MEMBER') FROM pg_roles r WHERE r.rolname = $1) AS desk,
            (SELECT pg_has_role(session_user, r.oid, 'MEMBER') FROM pg_roles r WHERE r.rolname = $2) AS translator,
            EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'ntm' AND c.relname = 'meta') AS found`,
    [DESK_ROLE, TRANSLATOR_ROLE],
  );
  const row = r.rows[0] as { login: string; desk: boolean | null; translator: boolean | null; found: boolean };
  return { login: row.login, role: row.desk ? 'desk' : row.translator ? 'translator' : null, desk: row.found };
}
