// Control API at /sim/v1 (enabled only with a control token; every call needs `Authorization: Bearer TOKEN`).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { SimState } from '../state.ts';
import type { FaultInjector } from './faults.ts';
import { DirectoryError } from '../directory.ts';
import { Credential } from '../credential.ts';
import type { DirectoryChange } from '../directory-journal.ts';
import { isSid } from '../sid.ts';
import type { Mailbox } from '../mailbox/mailbox.ts';
import type { Folder, StoredItem } from '../mailbox/model.ts';

const userInput = z
  .object({
    smtp: z.string().email(),
    password: z.string().min(1),
    displayName: z.string().optional(),
    userName: z.string().optional(),
    sid: z.string().refine(isSid, 'must be a SID in SDDL form').optional(),
  })
  .strict();
const grantInput = z
  .object({
    account: z.string().min(1),
    mailboxes: z.union([z.literal('all'), z.array(z.string().email()).min(1)]),
  })
  .strict();

export interface ControlDeps {
  readonly token: string;
  readonly state: () => SimState;
  readonly faults: FaultInjector;
  readonly reset: () => void;
  /**
   * Keeps a directory change (with `--data`); resolves once it is stored, so a restart right after sees it. The
   * change is made only when it is kept: hashing a password with scrypt is slow by design.
   */
  readonly record: (change: () => DirectoryChange) => Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (status === 204) {
    res.writeHead(204);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function folderJson(mb: Mailbox, f: Folder): unknown {
  return {
    id: mb.folderId(f).id,
    distinguished: f.distinguished ?? null,
    displayName: f.displayName,
    folderClass: f.folderClass,
    parentId: f.parent ? mb.folderId(f.parent).id : null,
    totalCount: f.items.size,
  };
}

function itemJson(mb: Mailbox, i: StoredItem): unknown {
  const ids = mb.itemId(i);
  return {
    id: ids.id,
    changeKey: ids.changeKey,
    folderId: mb.folderId(i.folder).id,
    kind: i.kind,
    itemClass: i.props.get('ItemClass')?.text ?? null,
    subject: i.props.get('Subject')?.text ?? null,
    isRead: i.isRead,
    messageFlags: i.messageFlags,
    properties: Object.fromEntries([...i.props].map(([k, v]) => [k, v.children.length ? v : v.text])),
    extendedProperties: [...i.extended.values()].map((p) => ({ uri: p.uri, value: p.value })),
    attachments: i.attachments.map((a) => ({
      name: a.name,
      contentType: a.contentType,
      size: a.kind === 'file' ? a.content.length : 0,
      isInline: a.isInline,
      contentId: a.contentId ?? null,
    })),
    created: i.created.toISOString(),
    modified: i.modified.toISOString(),
  };
}

function authorized(req: IncomingMessage, token: string): boolean {
  const h = req.headers.authorization ?? '';
  if (!h.startsWith('Bearer ')) return false;
  const a = Buffer.from(h.slice(7));
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  body: Buffer,
  deps: ControlDeps,
): Promise<void> {
  if (!authorized(req, deps.token)) {
    res.setHeader('WWW-Authenticate', 'Bearer realm="exchange-sim control"');
    return send(res, 401, { error: 'unauthorized', message: 'A valid bearer token is required.' });
  }
  const sim = deps.state();
  const method = req.method ?? 'GET';
  const parts = path.split('/').filter(Boolean).slice(2).map(decodeURIComponent);
  let json: unknown = undefined;
  if (body.length > 0) {
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      return send(res, 400, { error: 'invalid_json', message: 'The request body is not valid JSON.' });
    }
  }
  try {
    const [res0, arg] = parts;
    if (res0 === 'users' && method === 'GET' && !arg) {
      // Service accounts too: their SIDs are what a client impersonating by SID or auditing grants looks for.
      const users = sim.directory.mailboxes().map((a) => ({ kind: 'user' as const, a }));
      const services = sim.directory.serviceAccounts().map((a) => ({ kind: 'serviceAccount' as const, a }));
      return send(
        res,
        200,
        [...users, ...services].map(({ kind, a }) => ({
          kind,
          smtp: a.smtp ?? null,
          displayName: a.displayName,
          userName: a.userName,
          sid: a.sid,
        })),
      );
    }
    if (res0 === 'users' && method === 'POST' && !arg) {
      const { password, ...u } = userInput.parse(json);
      const a = sim.directory.addUser({ ...u, credential: Credential.fromPassword(password) });
      sim.ensureMailbox(a.smtp!, a.displayName);
      await deps.record(() => ({
        op: 'addUser',
        smtp: a.smtp!,
        displayName: a.displayName,
        userName: a.userName,
        sid: a.sid,
        credential: a.credential.toStored(),
      }));
      return send(res, 201, { smtp: a.smtp, displayName: a.displayName, sid: a.sid });
    }
    if (res0 === 'users' && method === 'DELETE' && arg) {
      if (!sim.directory.removeUser(arg))
        return send(res, 404, { error: 'not_found', message: `no user ${arg}` });
      sim.removeMailbox(arg);
      await deps.record(() => ({ op: 'removeUser', smtp: arg }));
      return send(res, 204, {});
    }
    if (res0 === 'grants' && method === 'GET') return send(res, 200, sim.directory.grantsJson());
    if (res0 === 'grants' && method === 'POST') {
      const g = grantInput.parse(json);
      sim.directory.grant(g);
      await deps.record(() => ({ op: 'grant', ...g }));
      return send(res, 201, sim.directory.grantsJson());
    }
    if (res0 === 'grants' && method === 'DELETE' && arg) {
      if (!sim.directory.revoke(arg))
        return send(res, 404, { error: 'not_found', message: `no grant for ${arg}` });
      await deps.record(() => ({ op: 'revoke', account: arg }));
      return send(res, 204, {});
    }
    if (res0 === 'faults' && method === 'GET') return send(res, 200, deps.faults.list());
    if (res0 === 'faults' && method === 'POST') return send(res, 201, deps.faults.add(json));
    if (res0 === 'faults' && method === 'DELETE') {
      deps.faults.clear();
      return send(res, 204, {});
    }
    if (res0 === 'mailboxes' && method === 'GET' && arg) {
      const mb = sim.mailbox(arg);
      if (!mb) return send(res, 404, { error: 'not_found', message: `no mailbox ${arg}` });
      return send(res, 200, {
        smtp: mb.smtp,
        folders: [...mb.folders.values()].map((f) => folderJson(mb, f)),
        items: [...mb.items.values()].map((i) => itemJson(mb, i)),
      });
    }
    if (res0 === 'reset' && method === 'POST') {
      deps.reset();
      return send(res, 204, {});
    }
    return send(res, 404, { error: 'not_found', message: `no control route ${method} ${path}` });
  } catch (err) {
    if (err instanceof z.ZodError)
      return send(res, 400, {
        error: 'invalid_input',
        message: err.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '),
      });
    if (err instanceof DirectoryError) return send(res, 409, { error: err.code, message: err.message });
    throw err;
  }
}
