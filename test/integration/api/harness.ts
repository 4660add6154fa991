import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { createLogger } from '../../../src/logging/logger.ts';
import { createAdminToken, createAdminUser } from '../../../src/services/admin-accounts.ts';
import { compose, type ComposeOptions, type Composed } from '../../../src/server.ts';
import type { Store } from '../../../src/store/index.ts';
import type { ErrorBody } from '../../../src/api/error-handler.ts';
import type { FieldIssue } from '../../../src/api/errors.ts';
import { auditEntrySchema } from '../../../src/api/routes/admin-access.ts';

export interface HttpResult {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly bytes: Buffer;
  /** The parsed JSON body, if the answer was JSON; read it through `jsonAs` or `error`. */
  readonly json: unknown;
  /** The body checked against `schema` (a route's own response schema where it is exported). */
  jsonAs<S extends z.ZodType>(schema: S): z.output<S>;
  /** The error envelope every failing answer carries. */
  error(): ErrorDetail;
  /** The first field issue of a validation error. */
  firstIssue(): FieldIssue;
}

export interface ErrorDetail {
  readonly code: string;
  readonly message: string;
  readonly issues: readonly FieldIssue[];
}

const fieldIssue = z.object({ field: z.string(), rule: z.string(), message: z.string() });
const errorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), issues: z.array(fieldIssue).optional() }),
}) satisfies z.ZodType<ErrorBody>;

/** Answers that carry the created or fetched record's id. */
export const withId = z.object({ id: z.string() });

/** GET /api/v1/audit. */
export const auditList = z.object({ entries: z.array(auditEntrySchema) });

/** Parses a JSON body; a mismatch fails with the zod issues and the body, so the test says what was wrong. */
export function parseJson<S extends z.ZodType>(schema: S, json: unknown, text: string): z.output<S> {
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new Error(
      `response body does not match the expected shape: ${parsed.error.message}\nbody: ${text}`,
    );
  }
  return parsed.data;
}

function httpResult(status: number, headers: Headers, bytes: Buffer): HttpResult {
  const text = bytes.toString('utf8');
  let json: unknown = undefined;
  if ((headers.get('content-type') ?? '').includes('json') && text !== '') json = JSON.parse(text);
  const error = (): ErrorDetail => {
    const { error: e } = parseJson(errorBody, json, text);
    return { ...e, issues: e.issues ?? [] };
  };
  return {
    status,
    headers,
    text,
    bytes,
    json,
    jsonAs: (schema) => parseJson(schema, json, text),
    error,
    firstIssue: () => {
      const [first] = error().issues;
      if (!first) throw new Error(`expected a field issue in: ${text}`);
      return first;
    },
  };
}

export interface RequestOptions {
  readonly token?: string;
  readonly session?: Session;
  /** Send the session cookie without the CSRF header. */
  readonly omitCsrf?: boolean;
  readonly json?: unknown;
  readonly form?: FormData;
  readonly headers?: Record<string, string>;
}

export interface Session {
  readonly cookie: string;
  readonly csrfToken: string;
}

/** A running API on 127.0.0.1:0 over a test store, capturing every log line and response body. */
export interface ApiHarness {
  readonly composed: Composed;
  readonly baseUrl: string;
  readonly logs: string[];
  readonly responses: string[];
  readonly adminToken: string;
  request(method: string, path: string, opts?: RequestOptions): Promise<HttpResult>;
  login(username: string, password: string): Promise<Session>;
  mailboxLogin(number: string, pin: string): Promise<Session>;
  close(): Promise<void>;
}

export const ADMIN_USER = 'root-admin';
export const ADMIN_PASSWORD = 'Admin-Pass-Word-42!';

export async function startApi(store: Store, opts: ComposeOptions = {}): Promise<ApiHarness> {
  const logs: string[] = [];
  const responses: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.push(
        ...chunk
          .toString('utf8')
          .split('\n')
          .filter((l) => l !== ''),
      );
      cb();
    },
  });
  const logger = createLogger('trace', sink);
  const composed = await compose(store, logger, {
    ...opts,
    app: { processMetrics: false, sseHeartbeatMs: 60_000, ...opts.app },
  });
  await composed.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = composed.app.server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const suffix = Math.random().toString(36).slice(2, 8);
  await createAdminUser(composed.repos, `${ADMIN_USER}-${suffix}`, ADMIN_PASSWORD, 'test');
  const { token } = await createAdminToken(composed.repos, `test-${suffix}`, 'test');

  async function request(method: string, path: string, o: RequestOptions = {}): Promise<HttpResult> {
    const headers: Record<string, string> = { ...o.headers };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    if (o.session) {
      headers.cookie = o.session.cookie;
      if (!o.omitCsrf) headers['x-csrf-token'] = o.session.csrfToken;
    }
    let body: string | FormData | undefined;
    if (o.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(o.json);
    } else if (o.form) body = o.form;
    const res = await fetch(baseUrl + path, { method, headers, body });
    const result = httpResult(res.status, res.headers, Buffer.from(await res.arrayBuffer()));
    responses.push(result.text);
    return result;
  }

  async function sessionFrom(res: HttpResult): Promise<Session> {
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
    const setCookie = res.headers.get('set-cookie') ?? '';
    const cookie = setCookie.split(';')[0] ?? '';
    return { cookie, csrfToken: res.jsonAs(z.object({ csrfToken: z.string() })).csrfToken };
  }

  return {
    composed,
    baseUrl,
    logs,
    responses,
    adminToken: token,
    request,
    login: async (username, password) =>
      sessionFrom(await request('POST', '/api/v1/auth/login', { json: { username, password } })),
    mailboxLogin: async (number, pin) =>
      sessionFrom(await request('POST', '/api/v1/auth/mailbox-login', { json: { mailbox: number, pin } })),
    close: () => composed.close(),
  };
}

/** A short mono 8 kHz 16-bit PCM WAV (a sine tone). */
export function makeWav(seconds = 0.5, sampleRate = 8000): Buffer {
  const frames = Math.round(seconds * sampleRate);
  const data = Buffer.alloc(frames * 2);
  for (let i = 0; i < frames; i++) {
    data.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / sampleRate)), i * 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

export function depositForm(wav: Buffer, fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('audio', new Blob([new Uint8Array(wav)], { type: 'audio/wav' }), 'message.wav');
  return form;
}
