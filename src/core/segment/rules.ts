// Segmentation rules as data (SRX-like): break and no-break rules as before/after pattern
// pairs, an abbreviation list, and patterns for segments that are not translated. The
// shipped Dutch rules live in nl.rules.json; users extend them with a file of the same shape.
import { InputError } from '../errors.js';
import shipped from './nl.rules.json' with { type: 'json' };

/** One rule as written in a rules file. */
export interface RuleSpec {
  name?: string;
  why?: string;
  break: boolean;
  before: string;
  after: string;
  ignoreCase?: boolean;
}

/** A pattern for whole segments that are copied, not translated (links, numbers, stamps). */
export interface NonTranslatableSpec {
  name?: string;
  pattern: string;
}

/** The contents of a rules file. Every field is optional in an extension file. */
export interface RulesSpec {
  about?: string;
  language?: string;
  abbreviations?: string[];
  rules?: RuleSpec[];
  nonTranslatable?: NonTranslatableSpec[];
}

/** A rule ready to run: one regular expression matching exactly its break positions. */
export interface CompiledRule {
  name: string;
  break: boolean;
  at: RegExp;
}

/** Rules ready to run, in the order they are tried. */
export interface SegmentRules {
  rules: CompiledRule[];
  nonTranslatable: { name: string; pattern: RegExp }[];
}

/** The Dutch rules ntm ships. */
export const SHIPPED_RULES: RulesSpec = shipped as RulesSpec;

/**
 * Checks that parsed JSON has the shape of a rules file; `origin` names it in messages.
 * Returns the same value, typed.
 */
export function validateRulesSpec(value: unknown, origin: string): RulesSpec {
  const fail = (detail: string): never => {
    throw new InputError(`not a segmentation rules file: ${detail}`, origin);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('expected a JSON object');
  const v = value as Record<string, unknown>;
  const known = new Set(['about', 'language', 'abbreviations', 'rules', 'nonTranslatable', '$schema', '$comment']);
  for (const key of Object.keys(v)) if (!known.has(key)) fail(`unknown field "${key}"`);
  if (v.abbreviations !== undefined) {
    if (!Array.isArray(v.abbreviations) || v.abbreviations.some((a) => typeof a !== 'string' || a.trim() === '')) {
      fail('"abbreviations" must be a list of non-empty strings');
    }
  }
  if (v.rules !== undefined) {
    if (!Array.isArray(v.rules)) fail('"rules" must be a list');
    (v.rules as unknown[]).forEach((r, i) => {
      const rule = r as Record<string, unknown>;
      const label = `rule ${i + 1}${typeof rule?.name === 'string' ? ` ("${rule.name}")` : ''}`;
      if (typeof r !== 'object' || r === null) fail(`${label} must be an object`);
      if (typeof rule.break !== 'boolean') fail(`${label} needs "break": true or false`);
      if (typeof rule.before !== 'string' || typeof rule.after !== 'string') fail(`${label} needs "before" and "after" patterns`);
      if (rule.before === '' && rule.after === '') fail(`${label} has empty "before" and "after" patterns`);
    });
  }
  if (v.nonTranslatable !== undefined) {
    if (!Array.isArray(v.nonTranslatable)) fail('"nonTranslatable" must be a list');
    (v.nonTranslatable as unknown[]).forEach((n, i) => {
      if (typeof n !== 'object' || n === null || typeof (n as Record<string, unknown>).pattern !== 'string') {
        fail(`nonTranslatable ${i + 1} needs a "pattern"`);
      }
    });
  }
  return v as RulesSpec;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** "dhr." → ["dhr.", "Dhr."]: an abbreviation can open a sentence. */
function withCapital(abbr: string): string[] {
  const capital = abbr.charAt(0).toLocaleUpperCase('nl') + abbr.slice(1);
  return capital === abbr ? [abbr] : [abbr, capital];
}

/** The no-break rule for the abbreviation list; null when the list is empty. */
function abbreviationRule(abbreviations: readonly string[]): RuleSpec | null {
  const forms = [...new Set(abbreviations.map((a) => a.trim()).flatMap(withCapital))];
  if (forms.length === 0) return null;
  // Longest first, so that "d.w.z." is not cut short by a shorter entry.
  forms.sort((a, b) => b.length - a.length);
  return {
    name: 'abbreviation',
    break: false,
    // Not inside a word, a number, a domain name or an e-mail address ("nos.nl. De …").
    before: `(?<![\\p{L}\\p{N}.@/_-])(?:${forms.map(escapeRegExp).join('|')})`,
    after: '\\s',
  };
}

function compilePattern(source: string, flags: string, what: string, origin: string): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (err) {
    throw new InputError(`${what}: ${(err as Error).message}`, origin);
  }
}

/**
 * Compiles layers of rules, the user's first and the shipped ones last; a pattern that is
 * not a valid regular expression is an InputError naming `origin`. Rules are tried in the
 * order: every extension's rules, the abbreviations of all layers, the last layer's rules.
 */
export function compileRules(layers: RulesSpec | readonly RulesSpec[], origin = 'segmentation rules'): SegmentRules {
  const all = Array.isArray(layers) ? (layers as readonly RulesSpec[]) : [layers as RulesSpec];
  const base = all[all.length - 1] ?? {};
  const specs: RuleSpec[] = all.slice(0, -1).flatMap((l) => l.rules ?? []);
  const abbr = abbreviationRule(all.flatMap((l) => l.abbreviations ?? []));
  if (abbr) specs.push(abbr);
  specs.push(...(base.rules ?? []));
  const rules = specs.map((r, i) => {
    const name = r.name ?? `rule ${i + 1}`;
    const flags = r.ignoreCase ? 'giu' : 'gu';
    // Check each side alone first so that the message points at the side that is wrong.
    compilePattern(r.before, 'u', `rule "${name}", before`, origin);
    compilePattern(r.after, 'u', `rule "${name}", after`, origin);
    // One zero-width pattern per rule: it matches exactly the positions the rule applies to.
    return { name, break: r.break, at: compilePattern(`(?<=${r.before})(?=${r.after})`, flags, `rule "${name}"`, origin) };
  });
  const nonTranslatable = all
    .flatMap((l) => l.nonTranslatable ?? [])
    .map((n, i) => {
      const name = n.name ?? `pattern ${i + 1}`;
      return { name, pattern: compilePattern(n.pattern, 'u', `nonTranslatable "${name}"`, origin) };
    });
  return { rules, nonTranslatable };
}

let shippedCompiled: SegmentRules | null = null;

/** The shipped Dutch rules, compiled once. */
export function dutchRules(): SegmentRules {
  shippedCompiled ??= compileRules(SHIPPED_RULES, 'nl.rules.json');
  return shippedCompiled;
}
