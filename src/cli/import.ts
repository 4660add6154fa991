import type { Command } from 'commander';
import { readBundle } from '../bundles/files.ts';
import { importMailbox } from '../bundles/import.ts';
import type { CommandRegistrar } from './commands.ts';
import type { CliContext } from './context.ts';
import { mailboxOptions, withMailbox, type MailboxFlags } from './export.ts';

export const registerImport: CommandRegistrar = (program: Command, ctx: CliContext) => {
  mailboxOptions(
    program
      .command('import')
      .description(
        'read a `voxsync export` directory (or any of its files: contacts.vcf as vCard 4.0/3.0, calendar.ics, messages/index.json) into a mailbox; all or nothing, and importing again updates instead of duplicating',
      )
      .requiredOption('--in <dir>', 'directory holding the export'),
  ).action(async (flags: MailboxFlags & { in: string }) => {
    await withMailbox(flags, ctx, async (store, mailbox) => {
      const input = await readBundle(flags.in);
      const r = await importMailbox(store, mailbox.id, input);
      ctx.stdout.write(
        `mailbox ${mailbox.number}: contacts ${r.contacts.created} created, ${r.contacts.updated} updated; ` +
          `events ${r.events.created} created, ${r.events.updated} updated; ` +
          `voice messages ${r.messages.created} created, ${r.messages.updated} updated\n`,
      );
      for (const d of r.dropped) ctx.stderr.write(`not imported: ${d}\n`);
    });
  });
};
