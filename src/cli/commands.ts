import type { Command } from 'commander';
import type { CliContext } from './context.ts';
import { registerAdmin } from './admin.ts';
import { registerDemo } from './demo.ts';
import { registerDeposit } from './deposit.ts';
import { registerEws } from './ews.ts';
import { registerExchangeSim } from './exchange-sim.ts';
import { registerExport } from './export.ts';
import { registerImport } from './import.ts';
import { registerMigrate } from './migrate.ts';
import { registerServe } from './serve.ts';

/** Registers one top-level command (and its subcommands) on the program. */
export type CommandRegistrar = (program: Command, ctx: CliContext) => void;

/**
 * Every command of the `voxsync` bin, one module each. Keep one import and one list entry per
 * command so parallel work on different commands merges cleanly.
 */
// prettier-ignore
export const commands: CommandRegistrar[] = [
  registerAdmin,
  registerDemo,
  registerDeposit,
  registerEws,
  registerExchangeSim,
  registerExport,
  registerImport,
  registerMigrate,
  registerServe,
];
