// The ntm program: global options and the commands. `run` is callable in-process (tests)
// and from bin/ntm.js; it returns the exit status instead of exiting.
import { Command, CommanderError } from 'commander';
import { NtmError } from '../core/errors.js';
import { describeSqliteError, sqliteExitCode } from '../store/open.js';
import { registerAdd } from './commands/add.js';
import { registerBackup } from './commands/backup.js';
import { registerDoctor } from './commands/doctor.js';
import { registerRestoreBackup } from './commands/restore-backup.js';
import { registerAnalyze } from './commands/analyze.js';
import { registerApprove } from './commands/approve.js';
import { registerCheck } from './commands/check.js';
import { registerConcordance } from './commands/concordance.js';
import { registerConflicts } from './commands/conflicts.js';
import { registerDelete } from './commands/delete.js';
import { registerEdit } from './commands/edit.js';
import { registerExport } from './commands/export.js';
import { registerHistory } from './commands/history.js';
import { registerImport } from './commands/import.js';
import { registerList } from './commands/list.js';
import { registerLookup } from './commands/lookup.js';
import { registerPretranslate } from './commands/pretranslate.js';
import { registerSegment } from './commands/segment.js';
import { registerShow } from './commands/show.js';
import { registerStats } from './commands/stats.js';
import { registerTerms } from './commands/terms.js';
import { Context, type Io } from './context.js';

export { VERSION } from './version.js';
import { VERSION } from './version.js';

function buildProgram(ctx: Context): Command {
  const program = new Command('ntm')
    .description(
      'ntm — the newsroom translation memory (Dutch → English).\n' +
        'Every suggestion it shows was approved by a person; it never machine-translates.',
    )
    .version(VERSION, '-V, --version')
    .option('--db <path>', 'the translation memory file (default: $NTM_DB, else ~/.local/share/ntm/tm.sqlite)')
    .option('--no-color', 'no colours (also: NO_COLOR=1)')
    .option('--verbose', 'show technical detail (stack traces) on errors')
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      `
Examples:
  ntm add "Koerdische strijdkrachten" "Kurdish forces" --term
  ntm lookup "De Koerdische strijdkrachten melden zeventien doden."
  ntm concordance "kalifaat"
  ntm import approved.tsv
  ntm analyze article.txt
  ntm pretranslate article.txt -o draft.tsv   then edit draft.tsv, ntm check draft.tsv, ntm approve draft.tsv
  ntm pretranslate article.txt -o draft.xlf   the same loop with XLIFF 1.2 for a CAT tool
  ntm export desk.tmx

Exit status: 0 success, 1 problems found, 2 bad usage or bad input (nothing written).`,
    );
  program.hook('preAction', (thisCommand) => {
    const g = thisCommand.optsWithGlobals() as { db?: string; color?: boolean; verbose?: boolean };
    ctx.globals = { db: g.db, color: g.color !== false, verbose: g.verbose };
  });
  registerAdd(program, ctx);
  registerLookup(program, ctx);
  registerConcordance(program, ctx);
  registerImport(program, ctx);
  registerExport(program, ctx);
  registerList(program, ctx);
  registerShow(program, ctx);
  registerEdit(program, ctx);
  registerDelete(program, ctx);
  registerHistory(program, ctx);
  registerStats(program, ctx);
  registerBackup(program, ctx);
  registerRestoreBackup(program, ctx);
  registerDoctor(program, ctx);
  registerSegment(program, ctx);
  registerAnalyze(program, ctx);
  registerPretranslate(program, ctx);
  registerApprove(program, ctx);
  registerCheck(program, ctx);
  registerTerms(program, ctx);
  registerConflicts(program, ctx);

  const configure = (cmd: Command): void => {
    cmd.exitOverride();
    cmd.configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
      // One line: the problem and where to read the usage.
      outputError: (s, write) =>
        write(`${s.trim().replace(/^error: /, 'ntm: ').replace(/\s*\n\s*/g, ' ')} (see "${cmd.name() === 'ntm' ? 'ntm' : `ntm ${cmd.name()}`} --help")\n`),
    });
    cmd.commands.forEach(configure);
  };
  configure(program);
  return program;
}

/** Runs ntm with the given arguments; returns the exit status. Never calls process.exit. */
export async function run(argv: string[], io: Io): Promise<number> {
  const ctx = new Context(io);
  const program = buildProgram(ctx);
  const verbose = argv.includes('--verbose');
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
        return 0;
      }
      if (err.code === 'commander.executeSubCommandAsync') return 0;
      return 2;
    }
    if (err instanceof NtmError) {
      // An empty message: the command has already reported (e.g. check's issues).
      if (err.message) io.stderr.write(`ntm: ${err.message}\n`);
      if (verbose && err.stack) io.stderr.write(err.stack + '\n');
      return err.exitCode;
    }
    const e = err as { code?: string; stack?: string };
    if (typeof e.code === 'string' && e.code.startsWith('SQLITE_')) {
      io.stderr.write(`ntm: database error: ${describeSqliteError(err)}\n`);
      if (verbose && e.stack) io.stderr.write(e.stack + '\n');
      return sqliteExitCode(err);
    }
    io.stderr.write(`ntm: unexpected error: ${(err as Error).message ?? String(err)} (run with --verbose for details)\n`);
    if (verbose && e.stack) io.stderr.write(e.stack + '\n');
    return 3;
  }
}
