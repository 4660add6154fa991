// `npm run bench:sim`: memory of 10,000 mailboxes × 100 items, and GetItem-by-id requests per second served
// by one simulator process (its single JS thread = one core; the load generator is a separate process).
// Writes its table into docs/benchmarks.md between <!-- bench:exchange-sim --> markers.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { startExchangeSim } from '../src/exchange-sim/index.ts';
import { SimState } from '../src/exchange-sim/state.ts';
import { Directory } from '../src/exchange-sim/directory.ts';
import { effectiveThrottling, parseSeed } from '../src/exchange-sim/config/seed.ts';
import { prefill } from '../src/exchange-sim/seed-content.ts';
import { handleEws } from '../src/exchange-sim/ews/service.ts';
import { parseXml } from '../src/ews/soap/xml-tree.ts';
import { validateRequest } from '../src/exchange-sim/schema/validate.ts';
import { ewsSchema } from '../src/exchange-sim/schema/load.ts';

const MAILBOXES = Number(process.env['BENCH_MAILBOXES'] ?? 10_000);
const DURATION_MS = Number(process.env['BENCH_SECONDS'] ?? 8) * 1000;
const IN_FLIGHT = 16;

function mb(n: number): string {
  return `${(n / 1024 / 1024).toFixed(0)} MiB`;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

async function memoryBench(): Promise<{ heap: number; rss: number; perItem: number; seconds: number }> {
  gc();
  const before = process.memoryUsage();
  const t0 = Date.now();
  const seed = parseSeed({
    users: Array.from({ length: MAILBOXES }, (_, i) => ({ smtp: `user${i}@bench.test`, password: 'pw' })),
  });
  const state = new SimState(new Directory(seed), '2016', effectiveThrottling(seed));
  for (const m of state.mailboxes.values()) prefill(m, { messages: 60, contacts: 20, calendarItems: 20 });
  const seconds = (Date.now() - t0) / 1000;
  gc();
  const after = process.memoryUsage();
  const heap = after.heapUsed - before.heapUsed;
  const items = [...state.mailboxes.values()].reduce((n, m) => n + m.items.size, 0);
  if (items !== MAILBOXES * 100) throw new Error(`expected ${MAILBOXES * 100} items, got ${items}`);
  return { heap, rss: after.rss - before.rss, perItem: heap / items, seconds };
}

async function serveInWorker(): Promise<void> {
  const sim = await startExchangeSim({
    port: 0,
    plain: true,
    seed: { users: [{ smtp: 'bench@bench.test', password: 'pw', messages: 100 }] },
  });
  const mbx = sim.state.mailbox('bench@bench.test')!;
  const item = [...mbx.items.values()][0]!;
  process.stdout.write(`${JSON.stringify({ url: sim.ewsUrl, id: mbx.itemId(item).id })}\n`);
}

/** CPU cost of one GetItem without HTTP: parse, auth'd dispatch, serialisation (this process, one thread). */
async function handlerBench(): Promise<number> {
  const sim = await startExchangeSim({
    port: 0,
    plain: true,
    seed: { users: [{ smtp: 'bench@bench.test', password: 'pw', messages: 100 }] },
  });
  const mbx = sim.state.mailbox('bench@bench.test')!;
  const body = Buffer.from(getItemBody(mbx.itemId([...mbx.items.values()][0]!).id));
  const account = sim.state.directory.findLogon('bench@bench.test')!;
  for (let i = 0; i < 3000; i++) handleEws(sim.state, account, body);
  const started = Date.now();
  let n = 0;
  while (Date.now() - started < DURATION_MS / 2) {
    for (let i = 0; i < 200; i++) handleEws(sim.state, account, body);
    n += 200;
  }
  await sim.close();
  return n / ((Date.now() - started) / 1000);
}

/** A CreateItem the voxsync client sends for a voicemail: message with body, recipients, extended props. */
function createItemBody(): string {
  const props = [1, 2, 3]
    .map(
      (i) =>
        `<t:ExtendedProperty><t:ExtendedFieldURI DistinguishedPropertySetId="PublicStrings" PropertyName="voxsync-${i}" PropertyType="String"/><t:Value>v${i}</t:Value></t:ExtendedProperty>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages"><s:Header><t:RequestServerVersion Version="Exchange2016"/><t:ExchangeImpersonation><t:ConnectingSID><t:PrimarySmtpAddress>bench@bench.test</t:PrimarySmtpAddress></t:ConnectingSID></t:ExchangeImpersonation></s:Header><s:Body><m:CreateItem MessageDisposition="SaveOnly"><m:SavedItemFolderId><t:DistinguishedFolderId Id="inbox"/></m:SavedItemFolderId><m:Items><t:Message><t:ItemClass>IPM.Note.Microsoft.Voicemail.UM.CA</t:ItemClass><t:Subject>Voice mail from +49 30 1234567 (0:42)</t:Subject><t:Body BodyType="HTML">&lt;p&gt;You received a voice mail.&lt;/p&gt;</t:Body><t:Attachments><t:FileAttachment><t:Name>voicemail.mp3</t:Name><t:ContentType>audio/mpeg</t:ContentType><t:Content>SUQzBAAAAAAAI1RTU0UAAAAPAAADTGF2ZjU4Ljc2LjEwMAAAAAAAAAAAAAAA</t:Content></t:FileAttachment></t:Attachments>${props}<t:From><t:Mailbox><t:Name>+49 30 1234567</t:Name><t:EmailAddress>caller@bench.test</t:EmailAddress></t:Mailbox></t:From><t:IsRead>false</t:IsRead></t:Message></m:Items></m:CreateItem></s:Body></s:Envelope>`;
}

/** Microseconds per validateRequest call on an already parsed request (schema loaded beforehand). */
function validationCost(xml: string): number {
  const root = parseXml(xml);
  if (validateRequest(root) !== undefined)
    throw new Error(`bench request is invalid: ${validateRequest(root)?.message}`);
  for (let i = 0; i < 20_000; i++) validateRequest(root);
  const n = 200_000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) validateRequest(root);
  return ((performance.now() - t0) * 1000) / n;
}

function getItemBody(id: string): string {
  return `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages"><s:Header><t:RequestServerVersion Version="Exchange2016"/></s:Header><s:Body><m:GetItem><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape><m:ItemIds><t:ItemId Id="${id}"/></m:ItemIds></m:GetItem></s:Body></s:Envelope>`;
}

async function throughputBench(): Promise<{ rps: number; requests: number; errors: number }> {
  // The simulator runs in its own process (one thread = one core); this process only generates load.
  const server = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const { url, id } = await new Promise<{ url: string; id: string }>((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line) as { url: string; id: string });
    });
    server.once('error', reject);
    server.once('exit', (code) => reject(new Error(`simulator process exited with ${code}`)));
  });
  const body = getItemBody(id);
  const u = new URL(url);
  const pool = new Pool(u.origin, { connections: IN_FLIGHT, pipelining: 1 });
  const headers = {
    authorization: `Basic ${Buffer.from('bench@bench.test:pw').toString('base64')}`,
    'content-type': 'text/xml; charset=utf-8',
  };
  let requests = 0;
  let errors = 0;
  const one = async (): Promise<void> => {
    const res = await pool.request({ path: u.pathname, method: 'POST', headers, body });
    const text = await res.body.text();
    if (res.statusCode !== 200 || !text.includes('NoError')) errors++;
    requests++;
  };
  // Warm-up, then measure.
  for (let i = 0; i < 500; i++) await one();
  requests = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (Date.now() - started < DURATION_MS) await one();
    }),
  );
  const rps = requests / ((Date.now() - started) / 1000);
  await pool.close();
  server.kill('SIGTERM');
  return { rps, requests, errors };
}

function record(table: string): void {
  const file = new URL('../docs/benchmarks.md', import.meta.url);
  const start = '<!-- bench:exchange-sim -->';
  const end = '<!-- /bench:exchange-sim -->';
  const section = `${start}\n${table}\n${end}`;
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  if (text.includes(start) && text.includes(end))
    text = text.slice(0, text.indexOf(start)) + section + text.slice(text.indexOf(end) + end.length);
  else text = `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, text);
}

async function main(): Promise<void> {
  const mem = await memoryBench();
  const t0 = performance.now();
  ewsSchema();
  const loadMs = performance.now() - t0;
  const validateGetItem = validationCost(getItemBody('AAMkADAwATM0MDAAMS1iNDA5LTk3YjMtMDACLTAwCgBGAAAAAAA='));
  const validateCreateItem = validationCost(createItemBody());
  const handler = await handlerBench();
  const tp = await throughputBench();
  const load = loadavg()[0]!.toFixed(1);
  const table = [
    '## Exchange simulator (`npm run bench:sim`)',
    '',
    `Machine: ${cpus()[0]?.model ?? 'unknown'} (${cpus().length} cores), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}; load average ${load} when measured (other jobs share the cores, so the HTTP figure is a floor).`,
    '',
    '| measure | value | goal |',
    '|---|---|---|',
    `| ${MAILBOXES.toLocaleString('en')} mailboxes × 100 items (60 messages, 20 contacts, 20 calendar items): heap | ${mb(mem.heap)} (${Math.round(mem.perItem)} bytes/item; RSS +${mb(mem.rss)}; built in ${mem.seconds.toFixed(1)} s) | fits in memory |`,
    `| Request schema validation (every request, before dispatch), on the parsed tree: GetItem / CreateItem of a voicemail (body, attachment, 3 extended properties) | ${validateGetItem.toFixed(1)} µs / ${validateCreateItem.toFixed(1)} µs per request (compiled model loaded once in ${Math.round(loadMs)} ms) | always on |`,
    `| GetItem by id, handler only (parse + schema validation + dispatch + serialise, no HTTP), one thread | ${Math.round(handler).toLocaleString('en')} requests/s | 2,000+/s |`,
    `| GetItem by id (Default shape, small message), schema validation on, one simulator thread, ${IN_FLIGHT} keep-alive connections, Basic auth | ${Math.round(tp.rps).toLocaleString('en')} requests/s (${tp.requests} requests, ${tp.errors} errors) | 2,000+/s |`,
  ].join('\n');
  console.log(table);
  record(table);
}

if (process.argv.includes('--serve')) await serveInWorker();
else await main();
