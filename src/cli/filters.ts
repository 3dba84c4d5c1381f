// The filter options lookup, concordance and list share (--ref, --by, --tag, --since,
// --status), declared once, and the PairFilter they make.
import type { Command } from 'commander';
import { sinceValue, statusValue, type PairFilter } from '../core/filter.js';
import type { PairStatus } from '../core/types.js';

export interface FilterOptions {
  ref?: string;
  by?: string;
  tag?: string;
  since?: string;
  status?: string;
}

/** Adds the filter options; `tag` false where the command declares its own --tag. */
export function filterOptions(cmd: Command, o: { tag?: boolean } = {}): Command {
  cmd
    .option('--ref <article>', 'only pairs approved for this article (URL or id, as stored)')
    .option('--by <name>', 'only pairs approved (or proposed) by this person');
  if (o.tag !== false) cmd.option('--tag <tag>', 'only pairs with this tag');
  return cmd
    .option('--since <date>', 'only pairs approved on or after this date (2024-03-01, or 2024-03-01T14:30; UTC)')
    .option('--status <status>', 'only pairs of this status: approved, proposed or forbidden');
}

/** The filter the options ask for (undefined fields: no condition); a bad date or status is a usage error. */
export function filterOf(o: FilterOptions, statuses?: readonly PairStatus[]): PairFilter {
  const f: PairFilter = {};
  if (o.ref !== undefined) f.ref = o.ref;
  if (o.by !== undefined) f.by = o.by;
  if (o.tag !== undefined) f.tag = o.tag;
  if (o.since !== undefined) f.since = sinceValue(o.since);
  if (o.status !== undefined) f.status = statusValue(o.status, statuses);
  return f;
}
