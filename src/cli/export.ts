import type { Command } from 'commander';
import { loadConfig } from '../config/index.ts';
import type { Mailbox } from '../domain/index.ts';
import { exportMailbox } from '../bundles/export.ts';
import { writeBundle } from '../bundles/files.ts';
import type { Store } from '../store/index.ts';
import { openStore } from './open-store.ts';
import type { CommandRegistrar } from './commands.ts';
import { UsageError, type CliContext } from './context.ts';

export interface MailboxFlags {
  mailbox: string;
  data?: string;
  config?: string;
}

/** Opens the store named by --data/--config (like `voxsync admin`) and finds the mailbox by number. */
export async function withMailbox<T>(
  flags: MailboxFlags,
  ctx: CliContext,
  fn: (store: Store, mailbox: Mailbox) => Promise<T>,
): Promise<T> {
  if (!/^\d{1,32}$/.test(flags.mailbox)) throw new UsageError('--mailbox must be a mailbox number (digits)');
  const { config } = loadConfig({ file: flags.config, env: ctx.env, overrides: { dataDir: flags.data } });
  const store = await openStore(config, ctx);
  try {
    const mailbox = await store.mailboxes.findByNumber(flags.mailbox);
    if (!mailbox) throw new Error(`there is no mailbox ${flags.mailbox}`);
    return await fn(store, mailbox);
  } finally {
    await store.close();
  }
}

export function mailboxOptions(c: Command): Command {
  return c
    .requiredOption('--mailbox <number>', 'mailbox number, e.g. 4001')
    .option('--data <dir>', 'data directory (default ./data)')
    .option('--config <file>', 'JSON configuration file');
}

export const registerExport: CommandRegistrar = (program: Command, ctx: CliContext) => {
  mailboxOptions(
    program
      .command('export')
      .description(
        'write a mailbox as contacts.vcf (vCard 4.0), calendar.ics (iCalendar) and messages/ (audio as received + index.json), directly from the store',
      )
      .requiredOption('--out <dir>', 'directory to write (created when missing)'),
  ).action(async (flags: MailboxFlags & { out: string }) => {
    await withMailbox(flags, ctx, async (store, mailbox) => {
      const bundle = await exportMailbox(store, mailbox.id);
      await writeBundle(flags.out, bundle);
      const contacts = bundle.contacts.match(/^BEGIN:VCARD/gm)?.length ?? 0;
      const events = bundle.calendar.match(/^BEGIN:VEVENT/gm)?.length ?? 0;
      ctx.stdout.write(
        `mailbox ${mailbox.number} exported to ${flags.out}: ${contacts} contact(s), ${events} calendar event(s), ${bundle.index.messages.length} voice message(s)\n`,
      );
    });
  });
};
