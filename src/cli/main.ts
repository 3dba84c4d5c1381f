// The ntm program: global options and the commands. `run` is callable in-process (tests)
// and from bin/ntm.js; it returns the exit status instead of exiting.
import { Command, CommanderError } from 'commander';
import { NtmError } from '../core/errors.js';
import { describeSqliteError, sqliteExitCode } from '../store/open.js';
import { Context, type Io } from './context.js';

export { VERSION } from './version.js';
import { VERSION } from './version.js';

/** A command module: the names it answers to, and how to load its register function. */
interface CommandModule {
  names: string[];
  load: () => Promise<(program: Command, ctx: Context) => void>;
}

// Each command is loaded only when it is run: a cold `ntm lookup` should not pay for the XML,
// CSV, stemming and HTML libraries of other commands. Help and unknown commands load them all.
const COMMANDS: CommandModule[] = [
  { names: ['add'], load: async () => (await import('./commands/add.js')).registerAdd },
  { names: ['lookup'], load: async () => (await import('./commands/lookup.js')).registerLookup },
  { names: ['concordance', 'conc'], load: async () => (await import('./commands/concordance.js')).registerConcordance },
  { names: ['import'], load: async () => (await import('./commands/import.js')).registerImport },
  { names: ['export'], load: async () => (await import('./commands/export.js')).registerExport },
  { names: ['list'], load: async () => (await import('./commands/list.js')).registerList },
  { names: ['show'], load: async () => (await import('./commands/show.js')).registerShow },
  { names: ['edit'], load: async () => (await import('./commands/edit.js')).registerEdit },
  { names: ['delete', 'restore'], load: async () => (await import('./commands/delete.js')).registerDelete },
  { names: ['history'], load: async () => (await import('./commands/history.js')).registerHistory },
  { names: ['stats'], load: async () => (await import('./commands/stats.js')).registerStats },
  { names: ['backup'], load: async () => (await import('./commands/backup.js')).registerBackup },
  { names: ['restore-backup'], load: async () => (await import('./commands/restore-backup.js')).registerRestoreBackup },
  { names: ['doctor'], load: async () => (await import('./commands/doctor.js')).registerDoctor },
  { names: ['segment'], load: async () => (await import('./commands/segment.js')).registerSegment },
  { names: ['analyze', 'analyse'], load: async () => (await import('./commands/analyze.js')).registerAnalyze },
  { names: ['pretranslate'], load: async () => (await import('./commands/pretranslate.js')).registerPretranslate },
  { names: ['approve'], load: async () => (await import('./commands/approve.js')).registerApprove },
  { names: ['finish'], load: async () => (await import('./commands/finish.js')).registerFinish },
  { names: ['check'], load: async () => (await import('./commands/check.js')).registerCheck },
  { names: ['accept'], load: async () => (await import('./commands/accept.js')).registerAccept },
  { names: ['terms'], load: async () => (await import('./commands/terms.js')).registerTerms },
  { names: ['conflicts'], load: async () => (await import('./commands/conflicts.js')).registerConflicts },
  { names: ['review'], load: async () => (await import('./commands/review.js')).registerReview },
  { names: ['reviewers'], load: async () => (await import('./commands/reviewers.js')).registerReviewers },
  { names: ['changes'], load: async () => (await import('./commands/changes.js')).registerChanges },
  { names: ['undo'], load: async () => (await import('./commands/undo.js')).registerUndo },
  { names: ['replace'], load: async () => (await import('./commands/replace.js')).registerReplace },
  { names: ['settings'], load: async () => (await import('./commands/settings.js')).registerSettings },
  { names: ['serve'], load: async () => (await import('./commands/serve.js')).registerServe },
  { names: ['sync'], load: async () => (await import('./commands/sync.js')).registerSync },
  { names: ['desk'], load: async () => (await import('./commands/desk.js')).registerDesk },
];

/** The command named on the command line (skipping global options), if any. */
function commandName(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--db') i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

/** The register functions needed for this command line, in help order. */
async function loadCommands(argv: readonly string[]): Promise<((program: Command, ctx: Context) => void)[]> {
  const name = commandName(argv);
  // `ntm --version` needs no command at all; help without a command lists them all.
  if (name === undefined && (argv.includes('--version') || argv.includes('-V'))) return [];
  const wanted = COMMANDS.filter((c) => name !== undefined && c.names.includes(name));
  return Promise.all((wanted.length ? wanted : COMMANDS).map((c) => c.load()));
}

function buildProgram(ctx: Context, commands: readonly ((program: Command, ctx: Context) => void)[]): Command {
  const program = new Command('ntm')
    .description(
      'ntm — the newsroom translation memory (Dutch → English).\n' + 'Every suggestion it shows was approved by a person; it never machine-translates.',
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
  ntm pretranslate article.html -o draft.xlf  formatting kept; when translated: ntm finish draft.xlf -o article-en.html
  ntm serve                                   the TM as a web page on this computer
  ntm export desk.tmx
  ntm changes                                   what was written; ntm undo <id> takes one back
  ntm review                                    the proposed pairs, for a reviewer

Exit status: 0 success, 1 problems found, 2 bad usage or bad input (nothing written).`,
    );
  program.hook('preAction', async (thisCommand) => {
    const g = thisCommand.optsWithGlobals() as { db?: string; color?: boolean; verbose?: boolean };
    ctx.globals = { db: g.db, color: g.color !== false, verbose: g.verbose };
    await ctx.prepareColours();
  });
  for (const register of commands) register(program, ctx);

  const configure = (cmd: Command): void => {
    cmd.exitOverride();
    cmd.configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
      // One line: the problem and where to read the usage.
      outputError: (s, write) =>
        write(
          `${s
            .trim()
            .replace(/^error: /, 'ntm: ')
            .replace(/\s*\n\s*/g, ' ')} (see "${cmd.name() === 'ntm' ? 'ntm' : `ntm ${cmd.name()}`} --help")\n`,
        ),
    });
    cmd.commands.forEach(configure);
  };
  configure(program);
  return program;
}

/** Runs ntm with the given arguments; returns the exit status. Never calls process.exit. */
export async function run(argv: string[], io: Io): Promise<number> {
  const ctx = new Context(io);
  const program = buildProgram(ctx, await loadCommands(argv));
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
      if (verbose && err.stack) io.stderr.write(`${err.stack}\n`);
      return err.exitCode;
    }
    const e = err as { code?: string; stack?: string };
    if (typeof e.code === 'string' && e.code.startsWith('SQLITE_')) {
      io.stderr.write(`ntm: database error: ${describeSqliteError(err)}\n`);
      if (verbose && e.stack) io.stderr.write(`${e.stack}\n`);
      return sqliteExitCode(err);
    }
    io.stderr.write(`ntm: unexpected error: ${(err as Error).message ?? String(err)} (run with --verbose for details)\n`);
    if (verbose && e.stack) io.stderr.write(`${e.stack}\n`);
    return 3;
  }
}
