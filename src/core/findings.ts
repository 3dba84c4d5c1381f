// What a finding of `ntm check` is beyond its message: how serious its kind is, and an id
// that stays the same for the same finding in every draft of an article, so that an editor
// who judged it fine is not asked again.
import { createHash } from 'node:crypto';

export const ISSUE_KINDS = [
  'term-missing',
  'forbidden-term',
  'tm-deviation',
  'inconsistent-target',
  'number-mismatch',
  'untranslated',
  'unedited-fuzzy',
  'tag-mismatch',
] as const;
export type IssueKind = (typeof ISSUE_KINDS)[number];

export const SEVERITIES = ['error', 'warning'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * How serious each kind is, as Translate Toolkit tags its checks. An error is wrong unless
 * the desk decides otherwise (a wording it rejected, a number that changed, Dutch left in
 * the English, a fuzzy suggestion approved unread, bold or a link lost or made up); a warning asks for a look, since the translator may have had a reason (a
 * term rephrased, a new wording for a stored sentence, two wordings in one draft).
 */
export const SEVERITY: Readonly<Record<IssueKind, Severity>> = {
  'term-missing': 'warning',
  'forbidden-term': 'error',
  'tm-deviation': 'warning',
  'inconsistent-target': 'warning',
  'number-mismatch': 'error',
  untranslated: 'error',
  'unedited-fuzzy': 'error',
  'tag-mismatch': 'error',
};

/** True when a finding of this severity makes `--fail-on <level>` fail. */
export function failsOn(severity: Severity, level: Severity | 'none'): boolean {
  if (level === 'none') return false;
  return level === 'warning' || severity === 'error';
}

/** What makes two findings the same one: the kind, the Dutch sentence, the term (or number) and the found text. */
export interface FindingKey {
  kind: IssueKind;
  /** The Dutch sentence, normalised. */
  source: string;
  /** The term, the number as written in the Dutch, or the inline code's id. */
  label?: string;
  found?: string;
}

const ID_HASH_LENGTH = 10;

function checksum(hex: string): string {
  // Weights 1..10 over hex digits: any single wrong digit or swapped neighbours changes it.
  let sum = 0;
  for (let i = 0; i < hex.length; i++) sum += (i + 1) * parseInt(hex[i]!, 16);
  return (sum % 256).toString(16).padStart(2, '0');
}

/** The stable id of a finding: 10 hex digits of a hash and 2 of a checksum that catches typing slips. */
export function findingId(k: FindingKey): string {
  const hash = createHash('sha256')
    .update([k.kind, k.source, k.label ?? '', k.found ?? ''].join('\u0000'))
    .digest('hex')
    .slice(0, ID_HASH_LENGTH);
  return hash + checksum(hash);
}

/** True when `id` is a finding id as `findingId` writes them (a mistyped one fails its checksum). */
export function isFindingId(id: string): boolean {
  if (!/^[0-9a-f]{12}$/.test(id)) return false;
  return checksum(id.slice(0, ID_HASH_LENGTH)) === id.slice(ID_HASH_LENGTH);
}
