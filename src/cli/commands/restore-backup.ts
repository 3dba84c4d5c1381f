// ntm restore-backup: put a backup back, keeping the current translation memory too.
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { checkBackup, restoreBackup } from '../../store/backup.js';
import { SCHEMA_VERSION } from '../../store/migrations/index.js';
import type { Context } from '../context.js';
import { done } from '../render/messages.js';

export function registerRestoreBackup(program: Command, ctx: Context): void {
  program
    .command('restore-backup')
    .summary('replace the translation memory with a backup (the current one is kept)')
    .description(
      'Replace the translation memory with the backup in <file>. The backup is checked first (a\n' +
        'whole ntm translation memory this ntm can read); the current translation memory is then\n' +
        'copied to a file beside it, so nothing is lost, and its name is printed.',
    )
    .argument('<file>', 'a backup made by "ntm backup"')
    .option('--json', 'print what was restored as JSON')
    .addHelpText(
      'after',
      `
Examples:
  ntm restore-backup ~/backups/tm-2024-03-01.sqlite
  ntm --db /mnt/share/tm.sqlite restore-backup /mnt/share/tm-latest.sqlite`,
    )
    .action(async (file: string, o: { json?: boolean }) => {
      const source = resolve(ctx.io.cwd, file);
      const path = ctx.dbPath();
      if (source === path) throw new UsageError('That file is the translation memory itself; name a backup.');
      const info = checkBackup(source, SCHEMA_VERSION);
      ctx.step('restore:checked');
      const { kept, pairs } = await restoreBackup(source, path, ctx.storeOptions(false));
      if (o.json) {
        ctx.json({ restored: source, database: path, pairs, schemaVersion: info.schemaVersion, previous: kept });
        return;
      }
      ctx.out(done(ctx.c, `Restored ${pairs} pair${pairs === 1 ? '' : 's'} from ${source} into ${path}.`));
      if (kept) ctx.out(`The translation memory as it was before is kept in ${kept}.`);
    });
}
