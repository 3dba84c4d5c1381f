// ntm edit: change a pair; the earlier version stays in its history.
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { inChangeSet } from '../../store/changes.js';
import { editPair, type PairChanges } from '../../store/pairs.js';
import { collect, type Context, parseId } from '../context.js';
import { pairJson } from '../render/json.js';
import { renderPairDetail } from '../render/text.js';
import { done } from '../render/messages.js';

interface EditOptions {
  source?: string;
  target?: string;
  note?: string;
  ref?: string;
  tag: string[];
  untag: string[];
  forbid?: boolean;
  approve?: boolean;
  by?: string;
  json?: boolean;
}

export function registerEdit(program: Command, ctx: Context): void {
  program
    .command('edit')
    .summary('change a pair (the old version is kept in its history)')
    .argument('<id>', 'the pair id')
    .option('--target <en>', 'new English text')
    .option('--source <nl>', 'new Dutch text (to fix a typo)')
    .option('--note <text>', 'new note ("" removes it)')
    .option('--ref <article>', 'new article reference ("" removes it)')
    .option('--tag <tag>', 'add a tag (repeatable)', collect, [])
    .option('--untag <tag>', 'remove a tag (repeatable)', collect, [])
    .option('--forbid', 'mark this rendering as forbidden')
    .option('--approve', 'mark this rendering as approved')
    .option('--by <name>', 'who made the change (default: your user name)')
    .option('--json', 'print the changed pair as JSON')
    .addHelpText(
      'after',
      `\nExamples:\n  ntm edit 12 --target "Kurdish-led forces" --note "desk style since 2023"\n  ntm edit 12 --tag syria --untag draft\n  ntm history 12        see every earlier version`,
    )
    .action(async (idArg: string, o: EditOptions) => {
      const id = parseId(idArg);
      if (o.forbid && o.approve) throw new UsageError('Choose one of --forbid and --approve.');
      const changes: PairChanges = {
        source: o.source,
        target: o.target,
        note: o.note,
        ref: o.ref,
        status: o.forbid ? 'forbidden' : o.approve ? 'approved' : undefined,
        addTags: o.tag,
        removeTags: o.untag,
      };
      const nothing = Object.entries(changes).every(([, v]) => v === undefined || (Array.isArray(v) && v.length === 0));
      if (nothing) throw new UsageError('Nothing to change: give --target, --source, --note, --ref, --tag, --untag, --forbid or --approve.');
      await ctx.write(({ db }) => {
        const by = o.by ?? ctx.defaultUser();
        const { result: p } = inChangeSet(db, { command: 'edit', by }, () => editPair(db, id, changes, by));
        if (o.json) ctx.json(pairJson(p));
        else {
          ctx.out(done(ctx.c, `Changed #${id}. The earlier version is in "ntm history ${id}".`));
          for (const line of renderPairDetail(ctx.c, p)) ctx.out(line);
        }
      });
    });
}
