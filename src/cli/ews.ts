// `voxsync ews`: the administrator's curl for EWS. Talks to one EWS endpoint with the same client
// the sync engine uses, prints JSON (or a table), and exits 0 ok / 1 EWS failure / 2 usage error.
import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import type { Command } from 'commander';
import { Option } from 'commander';
import type { CommandRegistrar } from './commands.ts';
import type { CliContext } from './context.ts';
import { UsageError } from './context.ts';
import { EwsClient } from '../ews/client.ts';
import type { CallOptions } from '../ews/client.ts';
import type { EwsAuth } from '../ews/transport/auth.ts';
import type { DumpEntry } from '../ews/transport/transport.ts';
import type { TlsTrustOptions } from '../ews/transport/tls-trust.ts';
import { normalizePin } from '../ews/transport/tls-trust.ts';
import { fetchPresentedChain } from '../ews/transport/certificate-chain.ts';
import { autodiscover } from '../ews/autodiscover/discover.ts';
import { isExchangeVersion } from '../ews/soap/envelope.ts';
import type { ExchangeVersion } from '../ews/soap/envelope.ts';
import { EwsError, ResponseMessageError, SoapFaultError, explanationOf } from '../ews/errors.ts';
import type { BaseFolderId, BaseItemId } from '../ews/types/ids.ts';
import { unwrapOne } from '../ews/operations/operation.ts';
import { getFolder } from '../ews/operations/get-folder.ts';
import { findItem } from '../ews/operations/find-item.ts';
import { getItem } from '../ews/operations/get-item.ts';
import { syncFolderItems } from '../ews/operations/sync-folder-items.ts';
import { resolveNames } from '../ews/operations/resolve-names.ts';
import { formatTable } from './ews-format.ts';

interface GlobalOptions {
  url?: string;
  user?: string;
  password?: string;
  passwordFile?: string;
  auth: 'basic' | 'ntlm';
  impersonate?: string;
  serverVersion: string;
  ca: string[];
  pin: string[];
  timeout: string;
  format: 'json' | 'table';
  dump?: boolean;
}

const DISTINGUISHED = new Set([
  'calendar',
  'contacts',
  'deleteditems',
  'drafts',
  'inbox',
  'journal',
  'notes',
  'outbox',
  'sentitems',
  'tasks',
  'msgfolderroot',
  'root',
  'junkemail',
  'searchfolders',
  'voicemail',
  'archiveroot',
  'archiveinbox',
  'syncissues',
  'conflicts',
  'recoverableitemsroot',
  'recoverableitemsdeletions',
]);

const collect = (v: string, prev: string[]): string[] => [...prev, v];

export const registerEws: CommandRegistrar = (program, ctx) => {
  const ews = program
    .command('ews')
    .description("talk to an Exchange server over EWS (the admin's curl for EWS)")
    .option('--url <url>', 'EWS endpoint, e.g. https://mail.example.com/EWS/Exchange.asmx')
    .option('--user <user>', 'service account: user@domain (UPN), DOMAIN\\user or user')
    .option('--password <password>', 'password (prefer --password-file or VOXSYNC_EWS_PASSWORD)')
    .option('--password-file <file>', 'read the password from the first line of a file')
    .addOption(new Option('--auth <method>', 'authentication').choices(['basic', 'ntlm']).default('ntlm'))
    .option('--impersonate <smtp>', 'act as this mailbox (ExchangeImpersonation + X-AnchorMailbox)')
    .option(
      '--server-version <version>',
      'RequestServerVersion (Exchange2013_SP1, Exchange2016...)',
      'Exchange2016',
    )
    .option(
      '--ca <file>',
      'trust this PEM certificate in addition to the system CAs (repeatable)',
      collect,
      [],
    )
    .option('--pin <sha256>', 'trust a certificate by SHA-256 fingerprint (repeatable)', collect, [])
    .option('--timeout <ms>', 'per-request timeout in milliseconds', '60000')
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'table']).default('json'))
    .option('--dump', 'print the raw SOAP exchange to stderr (credentials masked)');

  const sub = (name: string, description: string): Command =>
    ews.command(name).description(description).exitOverride().configureOutput(program.configureOutput());

  sub('get-folder', 'show one folder')
    .argument('<folder>', 'distinguished name (inbox, calendar...) or folder id')
    .action(
      run(ctx, async (client, call, folder: string) => {
        const r = await client.call(
          getFolder,
          { folderIds: [folderId(folder)], shape: { baseShape: 'AllProperties' } },
          call,
        );
        return unwrapOne(r);
      }),
    );

  sub('find-items', 'list the items of a folder')
    .argument('<folder>', 'distinguished name or folder id')
    .option('--limit <n>', 'items to return (1..1000)', '50')
    .action(
      run(ctx, async (client, call, folder: string, opts: { limit: string }) => {
        const limit = positiveInt(opts.limit, '--limit', 1000);
        const r = await client.call(
          findItem,
          {
            parentFolderIds: [folderId(folder)],
            shape: { baseShape: 'Default' },
            view: { type: 'IndexedPage', maxEntriesReturned: limit, offset: 0 },
          },
          call,
        );
        return unwrapOne(r);
      }),
    );

  sub('get-item', 'show one item with all its properties')
    .argument('<id>', 'item id')
    .action(
      run(ctx, async (client, call, id: string) => {
        const itemId: BaseItemId = { id };
        return unwrapOne(
          await client.call(getItem, { itemIds: [itemId], shape: { baseShape: 'AllProperties' } }, call),
        );
      }),
    );

  sub('sync-items', 'one SyncFolderItems page: changes since a SyncState')
    .argument('<folder>', 'distinguished name or folder id')
    .option('--state <syncState>', 'SyncState of a previous call (omit for a full sync)')
    .option('--max <n>', 'MaxChangesReturned (1..512)', '100')
    .action(
      run(ctx, async (client, call, folder: string, opts: { state?: string; max: string }) => {
        const max = positiveInt(opts.max, '--max', 512);
        const r = await client.call(
          syncFolderItems,
          {
            folderId: folderId(folder),
            shape: { baseShape: 'IdOnly' },
            maxChangesReturned: max,
            ...(opts.state ? { syncState: opts.state } : {}),
          },
          call,
        );
        return unwrapOne(r);
      }),
    );

  sub('resolve', 'resolve a name against the directory and contacts')
    .argument('<name>', 'name or address to resolve')
    .action(
      run(ctx, async (client, call, name: string) =>
        unwrapOne(
          await client.call(resolveNames, { unresolvedEntry: name, returnFullContactData: false }, call),
        ),
      ),
    );

  sub('autodiscover', 'find the EWS URL of a mailbox (SOAP GetUserSettings, then POX)')
    .argument('<email>', 'mailbox address')
    // Repeatable rather than variadic: a variadic option would swallow the <email> that follows it.
    .option(
      '--server <url>',
      'ask this https:// server instead of https://<domain> and https://autodiscover.<domain> (repeatable)',
      collect,
      [],
    )
    .action(async (email: string, opts: { server: string[] }, cmd: Command) => {
      const g = globals(cmd);
      // Autodiscover finds the EWS URL; a --url given anyway would otherwise be silently ignored.
      if (g.url !== undefined)
        throw new UsageError(
          'autodiscover does not use --url (it finds the EWS URL); name the server to ask with --server https://host',
        );
      const servers = opts.server.map(httpsServer);
      await report(ctx, g, () =>
        autodiscover(email, {
          auth: authFrom(g, ctx),
          tls: trustFrom(g),
          timeoutMs: positiveInt(g.timeout, '--timeout', 3_600_000),
          ...(servers.length > 0 ? { hosts: () => servers } : {}),
          ...(g.dump ? { dump: dumper(ctx) } : {}),
        }),
      );
    });

  sub(
    'show-certificate',
    'show the certificate chain the server presents (not trusted, no data sent)',
  ).action(async (_opts: unknown, cmd: Command) => {
    const g = globals(cmd);
    const url = requireUrl(g);
    await report(ctx, g, () =>
      fetchPresentedChain(
        {
          host: url.hostname,
          port: Number(url.port) || 443,
          timeoutMs: positiveInt(g.timeout, '--timeout', 3_600_000),
        },
        trustFrom(g),
      ),
    );
  });
};

type Handler = (client: EwsClient, call: CallOptions, ...args: never[]) => Promise<unknown>;

/** Wraps a command body: builds the client from the global options, prints, maps errors to exit 1. */
function run(ctx: CliContext, handler: Handler): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    const cmd = args[args.length - 1] as Command;
    const g = globals(cmd);
    const url = requireUrl(g);
    if (!isExchangeVersion(g.serverVersion)) {
      throw new UsageError(
        `unknown --server-version ${g.serverVersion} (Exchange2013_SP1, Exchange2016, ...)`,
      );
    }
    const client = new EwsClient({
      url: url.href,
      auth: authFrom(g, ctx),
      tls: trustFrom(g),
      serverVersion: g.serverVersion as ExchangeVersion,
      timeoutMs: positiveInt(g.timeout, '--timeout', 3_600_000),
      retry: { maxAttempts: 2 },
      ...(g.dump ? { dump: dumper(ctx) } : {}),
    });
    const call: CallOptions = g.impersonate ? { impersonate: g.impersonate } : {};
    try {
      await report(ctx, g, () =>
        (handler as (...a: unknown[]) => Promise<unknown>)(client, call, ...args.slice(0, -1)),
      );
    } finally {
      await client.transport.destroy();
    }
  };
}

async function report(ctx: CliContext, g: GlobalOptions, produce: () => Promise<unknown>): Promise<void> {
  let value: unknown;
  try {
    value = await produce();
  } catch (err) {
    if (err instanceof UsageError) throw err;
    ctx.stderr.write(`voxsync ews: ${describeFailure(err)}\n`);
    ctx.exitCode = 1;
    return;
  }
  ctx.stdout.write(g.format === 'table' ? formatTable(value) : `${JSON.stringify(value, null, 2)}\n`);
}

/** One line: the EWS response code (or our error code) once, then the server's or our explanation. */
export function describeFailure(err: unknown): string {
  if (err instanceof SoapFaultError || err instanceof ResponseMessageError) {
    return `${err.responseCode}: ${oneLine(err.reason) || 'no message text'}`;
  }
  if (err && typeof err === 'object' && 'responseCode' in err && typeof err.responseCode === 'string') {
    const text = [
      'messageText' in err && typeof err.messageText === 'string' ? err.messageText : '',
      err instanceof Error ? err.message : '',
    ];
    return `${err.responseCode}: ${oneLine(explanationOf(err.responseCode, ...text))}`;
  }
  if (err instanceof EwsError) return `${err.code}: ${oneLine(explanationOf(err.code, err.message))}`;
  return oneLine(err instanceof Error ? err.message : String(err));
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function globals(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals<GlobalOptions>();
}

function requireUrl(g: GlobalOptions): URL {
  if (!g.url)
    throw new UsageError(
      '--url is required (the EWS endpoint, e.g. https://mail.example.com/EWS/Exchange.asmx)',
    );
  let url: URL;
  try {
    url = new URL(g.url);
  } catch {
    throw new UsageError(`--url is not a URL: ${g.url}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new UsageError('--url must be an https:// URL');
  return url;
}

function authFrom(g: GlobalOptions, ctx: CliContext): EwsAuth {
  if (!g.user) throw new UsageError('--user is required');
  let password = g.password;
  if (g.passwordFile) {
    try {
      password = readFileSync(g.passwordFile, 'utf8').split(/\r?\n/, 1)[0] ?? '';
    } catch (err) {
      throw new UsageError(`cannot read --password-file: ${(err as Error).message}`);
    }
  }
  password ??= ctx.env['VOXSYNC_EWS_PASSWORD'];
  if (password === undefined)
    throw new UsageError('a password is required: --password-file, VOXSYNC_EWS_PASSWORD or --password');
  return g.auth === 'basic'
    ? { kind: 'basic', user: g.user, password }
    : { kind: 'ntlm', user: g.user, password };
}

function trustFrom(g: GlobalOptions): TlsTrustOptions {
  const ca = g.ca.map((file) => {
    let pem: string;
    try {
      pem = readFileSync(file, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read --ca ${file}: ${(err as Error).message}`);
    }
    try {
      new X509Certificate(pem);
    } catch {
      throw new UsageError(`--ca ${file} is not a PEM certificate`);
    }
    return pem;
  });
  const pins = g.pin.map((p) => {
    try {
      return normalizePin(p);
    } catch {
      throw new UsageError(`--pin is not a SHA-256 fingerprint: ${p}`);
    }
  });
  return { ca, pins };
}

function folderId(arg: string): BaseFolderId {
  return DISTINGUISHED.has(arg.toLowerCase())
    ? ({ distinguished: arg.toLowerCase() } as BaseFolderId)
    : { id: arg };
}

function positiveInt(v: string, name: string, max: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new UsageError(`${name} must be an integer from 1 to ${max}`);
  return n;
}

function dumper(ctx: CliContext): (e: DumpEntry) => void {
  return (e) => {
    const head =
      e.direction === 'request'
        ? `>>> request ${e.requestId}`
        : `<<< response ${e.requestId} HTTP ${e.status ?? ''}`;
    const headers = Object.entries(e.headers)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n');
    ctx.stderr.write(`${head}\n${headers}\n${e.body === undefined ? '' : `\n${e.body}\n`}\n`);
  };
}

/** Autodiscover sends credentials, so a server named by hand must be https:// like the default candidates. */
function httpsServer(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--server: '${value}' is not a URL`);
  }
  if (url.protocol !== 'https:') throw new UsageError(`--server: '${value}' must start with https://`);
  return url.origin;
}
