import { Command, CommanderError } from 'commander';
import type { CliContext } from './context.ts';
import { UsageError } from './context.ts';
import { commands } from './commands.ts';

/** Builds the `voxsync` program with every command registered. */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('voxsync')
    .description('voxsync: voice mailboxes kept in sync with Microsoft Exchange over EWS')
    .version(VERSION)
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
    })
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  for (const register of commands) register(program, ctx);
  for (const sub of program.commands) sub.exitOverride().configureOutput(program.configureOutput());
  return program;
}

const VERSION = '0.1.0';

/** Runs the CLI and returns the process exit code: 0 success, 1 operation failed, 2 usage error. */
export async function main(
  argv: readonly string[],
  ctx: CliContext = { stdout: process.stdout, stderr: process.stderr, env: process.env, exitCode: 0 },
): Promise<number> {
  const program = buildProgram(ctx);
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
