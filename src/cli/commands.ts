import type { Command } from 'commander';
import type { CliContext } from './context.ts';

/** Registers one top-level command (and its subcommands) on the program. */
export type CommandRegistrar = (program: Command, ctx: CliContext) => void;

/**
 * One top-level command as `voxsync --help` lists it, and how to load its module. A command's module
 * (and through it fastify, kysely, undici, the audio codecs, the simulator) is imported only when that
 * command runs or its own help is asked for, so `voxsync --help` starts in milliseconds. `term` and
 * `description` repeat what the registrar declares; test/unit/cli-commands.test.ts keeps them equal.
 */
export interface CommandEntry {
  readonly name: string;
  /** The command as the top-level help lists it: name, `[options]`, arguments. */
  readonly term: string;
  readonly description: string;
  readonly load: () => Promise<CommandRegistrar>;
}

/**
 * Every command of the `voxsync` bin, one module each. Keep one entry per command so parallel work on
 * different commands merges cleanly.
 */
// prettier-ignore
export const commands: readonly CommandEntry[] = [
  {
    name: 'admin',
    term: 'admin',
    description: 'administrators and API tokens, directly on the store',
    load: async () => (await import('./admin.ts')).registerAdmin,
  },
  {
    name: 'demo',
    term: 'demo [options]',
    description: 'run voxsync with the bundled Exchange simulator and demo data (what `npm start` runs)',
    load: async () => (await import('./demo.ts')).registerDemo,
  },
  {
    name: 'deposit',
    term: 'deposit [options] <file>',
    description: 'store a voice message (WAV: PCM 8/16 kHz, G.711 mu-law or A-law) in a mailbox, directly on the store',
    load: async () => (await import('./deposit.ts')).registerDeposit,
  },
  {
    name: 'ews',
    term: 'ews [options]',
    description: "talk to an Exchange server over EWS (the admin's curl for EWS)",
    load: async () => (await import('./ews.ts')).registerEws,
  },
  {
    name: 'exchange-sim',
    term: 'exchange-sim [options]',
    description: 'run a simulated on-premises Exchange 2013/2016/2019 EWS endpoint (for tests, demos and development)',
    load: async () => (await import('./exchange-sim.ts')).registerExchangeSim,
  },
  {
    name: 'export',
    term: 'export [options]',
    description: 'write a mailbox as contacts.vcf (vCard 4.0), calendar.ics (iCalendar) and messages/ (audio as received + index.json), directly from the store',
    load: async () => (await import('./export.ts')).registerExport,
  },
  {
    name: 'import',
    term: 'import [options]',
    description: 'read a `voxsync export` directory (or any of its files: contacts.vcf as vCard 4.0/3.0, calendar.ics, messages/index.json) into a mailbox; all or nothing, and importing again updates instead of duplicating',
    load: async () => (await import('./import.ts')).registerImport,
  },
  {
    name: 'migrate',
    term: 'migrate [options]',
    description: 'create or upgrade the database schema (SQLite in the data directory, or DATABASE_URL)',
    load: async () => (await import('./migrate.ts')).registerMigrate,
  },
  {
    name: 'serve',
    term: 'serve [options]',
    description: 'run voxsync: the API (and later the web app and sync engine) on one node',
    load: async () => (await import('./serve.ts')).registerServe,
  },
];

/**
 * The command `argv` (process.argv form) runs or asks help for: the first operand, or the one after
 * `help`. The program's own options (--help, --version) take no value, so the first operand is the
 * command.
 */
export function invokedCommand(argv: readonly string[]): string | undefined {
  const operands = argv.slice(2).filter((a) => !a.startsWith('-'));
  return operands[0] === 'help' ? operands[1] : operands[0];
}
