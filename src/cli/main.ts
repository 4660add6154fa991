import { Command, CommanderError, Help } from 'commander';
import type { CliContext } from './context.ts';
import { UsageError } from './context.ts';
import { commands, invokedCommand } from './commands.ts';

/**
 * Builds the `voxsync` program. The commands named in `load` (default: all) are registered from their
 * modules; every other command is a stand-in carrying only its name and description, enough for the
 * top-level help and for commander's "did you mean" on a typo, without importing its module.
 */
export async function buildProgram(
  ctx: CliContext,
  load: (name: string) => boolean = () => true,
): Promise<Command> {
  const terms = new Map<Command, string>();
  const program = new Command('voxsync')
    .description('voxsync: voice mailboxes kept in sync with Microsoft Exchange over EWS')
    .version(VERSION)
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
    })
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({
      subcommandTerm: (cmd) => terms.get(cmd) ?? Help.prototype.subcommandTerm.call(new Help(), cmd),
    });
  for (const entry of commands) {
    if (load(entry.name)) {
      (await entry.load())(program, ctx);
    } else {
      terms.set(program.command(entry.name).description(entry.description), entry.term);
    }
  }
  for (const sub of program.commands) sub.exitOverride().configureOutput(program.configureOutput());
  return program;
}

const VERSION = '0.1.0';

/** Runs the CLI and returns the process exit code: 0 success, 1 operation failed, 2 usage error. */
export async function main(
  argv: readonly string[],
  ctx: CliContext = { stdout: process.stdout, stderr: process.stderr, env: process.env, exitCode: 0 },
): Promise<number> {
  const invoked = invokedCommand(argv);
  const program = await buildProgram(ctx, (name) => name === invoked);
  try {
    await program.parseAsync([...argv]);
    return ctx.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version surface as "errors" with exit code 0.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof UsageError) {
      ctx.stderr.write(`voxsync: ${err.message}\n`);
      return 2;
    }
    const message = err instanceof Error ? err.message : String(err);
    ctx.stderr.write(`voxsync: ${message}\n`);
    return 1;
  }
}
