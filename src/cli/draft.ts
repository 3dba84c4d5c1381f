// Drafts on the command line: opening a draft named by the user, and the one check that
// `ntm check` and `ntm approve` both run and report, so the two can never disagree.
import type { Database } from 'better-sqlite3';
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { checkDraft, type CheckResult, type IssueKind } from '../core/check.js';
import type { DraftUnit } from '../core/draft.js';
import { InputError } from '../core/errors.js';
import { norm } from '../core/normalize.js';
import { filledFromFuzzy, fuzzySuggestion } from '../core/unedited-fuzzy.js';
import { alignDraft, readDraft, readText, type DraftFormat } from '../formats/draft.js';
import { acceptancesOf } from '../store/accepted.js';
import { getPairs } from '../store/pairs.js';
import { approvedTargetsFor, termIndexOf } from '../store/terms.js';
import type { Context } from './context.js';
import { checkJson, renderCheckReport } from './render/check.js';

/** The name of a draft argument in messages: `-` is standard input. */
export function draftName(file: string): string {
  return file === '-' ? '<stdin>' : file;
}

/** A file (or standard input for `-`) to read a draft from; a missing file or a folder is bad input. */
export function openDraftInput(ctx: Context, file: string): Readable {
  if (file === '-') return ctx.io.stdin;
  if (!existsSync(file)) throw new InputError(`${file}: no such file.`);
  if (statSync(file).isDirectory()) throw new InputError(`${file}: is a folder, not a draft.`);
  return createReadStream(file);
}

/** The segments of a bilingual draft file, in any draft format. */
export async function readDraftFile(ctx: Context, file: string, format?: DraftFormat): Promise<DraftUnit[]> {
  return readDraft(openDraftInput(ctx, file), draftName(file), format);
}

/** The segments of a draft given as two line-aligned texts (one of them may be standard input). */
export async function readAlignedDraft(ctx: Context, source: string, target: string): Promise<DraftUnit[]> {
  const [sourceText, targetText] = await Promise.all([
    readText(openDraftInput(ctx, source), draftName(source)),
    readText(openDraftInput(ctx, target), draftName(target)),
  ]);
  return alignDraft(sourceText, targetText, draftName(source), draftName(target));
}

/**
 * Checks a draft against the TM's terms, approved segments and accepted findings: the check
 * of `ntm check` and `ntm approve`.
 */
export function checkUnits(db: Database, units: readonly DraftUnit[], ignore?: ReadonlySet<IssueKind>): CheckResult {
  const terms = termIndexOf(db);
  const approvedTargets = approvedTargetsFor(
    db,
    units.map((u) => norm(u.source)),
  );
  // The pairs fuzzy suggestions came from, as the TM holds them now: what the draft no longer
  // says (a spreadsheet dropped tm_en, a CAT tool the alt-trans) the TM still does.
  const ids = units.filter((u) => filledFromFuzzy(u.fill) && u.fill!.pairId !== undefined).map((u) => u.fill!.pairId!);
  const stored = new Map(getPairs(db, [...new Set(ids)]).map((p) => [p.id, p] as const));
  const segments = units.map((u) => ({ ...u, fuzzy: fuzzySuggestion(u, u.fill?.pairId !== undefined ? stored.get(u.fill.pairId) : undefined) }));
  return checkDraft(segments, { terms, approvedTargets, accepted: (ids) => acceptancesOf(db, ids) }, { ignore });
}

/** Prints a check result as `ntm check` does; `extra` fields lead the JSON document. */
export function printCheck(ctx: Context, result: CheckResult, json: boolean, extra: Record<string, unknown> = {}, o: { showAccepted?: boolean } = {}): void {
  if (json) ctx.json({ ...extra, ...checkJson(result, o) });
  else for (const line of renderCheckReport(ctx.c, result, o)) ctx.out(line);
}
