import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ValidationError } from '../domain/index.ts';
import { inspectVoiceAudio } from '../services/audio.ts';
import { depositMessage } from '../services/messages.ts';
import type { CommandRegistrar } from './commands.ts';
import type { CliContext } from './context.ts';
import { mailboxOptions, withMailbox, type MailboxFlags } from './export.ts';

interface DepositFlags extends MailboxFlags {
  from: string;
  name?: string;
  urgent?: boolean;
  private?: boolean;
  receivedAt?: string;
}

/**
 * Stores a voice message the way `POST /api/v1/mailboxes/{id}/messages` does: the same deposit
 * service and audio check, so corrupt audio is refused with the same reason and nothing is stored.
 */
export const registerDeposit: CommandRegistrar = (program: Command, ctx: CliContext) => {
  mailboxOptions(
    program
      .command('deposit')
      .description(
        'store a voice message (WAV: PCM 8/16 kHz, G.711 mu-law or A-law) in a mailbox, directly on the store',
      )
      .argument('<file>', 'the WAV file')
      .requiredOption('--from <number>', '(required) caller number, e.g. +15550100 ("" when withheld)')
      .option('--name <name>', 'caller name')
      .option('--urgent', 'mark the message urgent')
      .option('--private', 'mark the message private')
      .option('--received-at <iso>', 'time received (ISO 8601; default now)'),
  ).action(async (file: string, flags: DepositFlags) => {
    const bytes = await readFile(file);
    let info;
    try {
      info = inspectVoiceAudio(bytes);
    } catch (err) {
      if (err instanceof ValidationError) throw new Error(`${file}: ${err.message}`, { cause: err });
      throw err;
    }
    await withMailbox(flags, ctx, async (store, mailbox) => {
      const r = await depositMessage(
        store,
        mailbox.id,
        {
          callerNumber: flags.from,
          callerName: flags.name ?? null,
          urgent: flags.urgent ?? false,
          private: flags.private ?? false,
          receivedAt: flags.receivedAt,
        },
        { bytes, info },
      );
      ctx.stdout.write(
        `message ${r.message.id} stored in mailbox ${mailbox.number} (${(info.durationMs / 1000).toFixed(1)} s); ` +
          `MWI ${r.mwi.state.on ? 'on' : 'off'}: ${r.mwi.state.newCount} new, ${r.mwi.state.oldCount} old, ${r.mwi.state.urgentCount} urgent\n`,
      );
    });
  });
};
