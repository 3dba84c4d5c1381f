// ntm backup: a consistent copy of the translation memory, safe while others are writing.
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { backupTo } from '../../store/backup.js';
import type { Context } from '../context.js';
import { formatBytes } from '../render/text.js';
import { done } from '../render/messages.js';

export function registerBackup(program: Command, ctx: Context): void {
  program
    .command('backup')
    .summary('copy the translation memory to a backup file (safe while others work)')
    .description(
      "Copy the translation memory to <file>: a consistent snapshot, taken with SQLite's online\n" +
        'backup while other ntm commands may be reading and writing. The backup is one ordinary\n' +
        'file; put it back with "ntm restore-backup <file>".',
    )
    .argument('<file>', 'the backup file to write')
    .option('--force', 'replace <file> if it exists')
    .option('--json', 'print what was backed up as JSON')
    .addHelpText(
      'after',
      `
Examples:
  ntm backup ~/backups/tm-$(date +%F).sqlite
  ntm backup /mnt/share/tm-latest.sqlite --force`,
    )
    .action(async (file: string, o: { force?: boolean; json?: boolean }) => {
      const info = await ctx.read(({ db, path }) => backupTo(db, path, resolve(ctx.io.cwd, file), { force: o.force }));
      if (o.json) {
        ctx.json({ backup: info.file, bytes: info.bytes, pairs: info.pairs, schemaVersion: info.schemaVersion });
        return;
      }
      ctx.out(done(ctx.c, `Backed up ${info.pairs} pair${info.pairs === 1 ? '' : 's'} (${formatBytes(info.bytes)}) to ${info.file}.`));
      ctx.out(`Put it back with: ntm restore-backup ${info.file}`);
    });
}
