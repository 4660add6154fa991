/**
 * Size of the simulator's SyncFolderItems states while a first sync pages through a 10,000-item folder in
 * pages of 512 changes, with the folder changing between pages. The sizes are deterministic (seeded
 * changes, no timing), measured on the mailbox model directly: the state does not depend on HTTP.
 * Prints a table and records it in docs/benchmarks.md between the `bench:sync-state` markers.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Mailbox } from '../src/exchange-sim/mailbox/mailbox.ts';
import type { Folder, StoredItem } from '../src/exchange-sim/mailbox/model.ts';
import { SyncStateCodec, itemChanges, type SyncPosition } from '../src/exchange-sim/mailbox/sync.ts';

const ITEMS = 10_000;
const PAGE = 512;
const codec = new SyncStateCodec(Buffer.alloc(32, 1));

function add(mb: Mailbox, folder: Folder): StoredItem {
  return mb.createItem(folder, {
    kind: 'Message',
    element: 'Message',
    props: new Map(),
    extended: new Map(),
    isRead: false,
    messageFlags: 0,
  });
}

/** Deterministic pseudo-random numbers (xorshift32), so the table is the same on every run. */
function rng(seed: number): (n: number) => number {
  let x = seed;
  return (n) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
}

interface Scenario {
  name: string;
  /** Changes made before each page request (page index from 0). */
  between(mb: Mailbox, inbox: Folder, page: number): void;
}

function run(s: Scenario): { pages: number; max: number; maxPending: number; last: number } {
  const mb = new Mailbox(1, 'a@x.test', 'A');
  const inbox = mb.distinguished('inbox')!;
  const other = mb.distinguished('drafts')!;
  // Interleaved with another folder's items, so the folder's entries are scattered (no runs to compress).
  for (let i = 0; i < ITEMS; i++) {
    add(mb, inbox);
    add(mb, other);
  }
  let state = '';
  let pages = 0;
  let max = 0;
  let maxPending = 0;
  for (;;) {
    s.between(mb, inbox, pages);
    const from: SyncPosition =
      state === '' ? { base: 0, cursor: 0 } : codec.decode(state, 'items', mb.no, inbox.entry)!;
    const p = itemChanges(mb, inbox, from, PAGE, new Set());
    pages++;
    state = codec.encode('items', mb.no, inbox.entry, p.next);
    if (p.includesLast) return { pages, max, maxPending, last: state.length };
    max = Math.max(max, state.length);
    maxPending = Math.max(maxPending, p.next.pending?.length ?? 0);
  }
}

const pick = (folder: Folder, r: (n: number) => number): StoredItem | undefined => {
  const items = [...folder.items.values()];
  return items.length === 0 ? undefined : items[r(items.length)];
};

const scenarios: Scenario[] = [
  { name: 'nothing changes while paging', between: () => undefined },
  (() => {
    const r = rng(42);
    return {
      name: 'before each page: 50 content changes, 20 read-state changes, 10 deletes, 10 new items (random items)',
      between(mb: Mailbox, inbox: Folder) {
        for (let i = 0; i < 50; i++) mb.touchItem(pick(inbox, r)!, false);
        for (let i = 0; i < 20; i++) {
          const it = pick(inbox, r)!;
          it.isRead = !it.isRead;
          mb.touchItem(it, true);
        }
        for (let i = 0; i < 10; i++) mb.deleteItem(pick(inbox, r)!);
        for (let i = 0; i < 10; i++) add(mb, inbox);
      },
    };
  })(),
  (() => {
    const r = rng(7);
    return {
      name: 'before each page: 500 content changes (random items)',
      between(mb: Mailbox, inbox: Folder) {
        for (let i = 0; i < 500; i++) mb.touchItem(pick(inbox, r)!, false);
      },
    };
  })(),
  {
    name: 'worst case: every item changed (newest first) before the first page',
    between(mb: Mailbox, inbox: Folder, page: number) {
      if (page === 0) for (const it of [...inbox.items.values()].reverse()) mb.touchItem(it, false);
    },
  },
];

const rows = [
  '| folder changes during the pass | pages | largest state while paging | undelivered ids carried (max) | final state |',
  '|---|---:|---:|---:|---:|',
];
for (const s of scenarios) {
  const r = run(s);
  rows.push(
    `| ${s.name} | ${r.pages} | ${r.max.toLocaleString('en')} chars | ${r.maxPending.toLocaleString('en')} | ${r.last} chars |`,
  );
}
const section = [
  `A first SyncFolderItems pass over a ${ITEMS.toLocaleString('en')}-item folder (entries interleaved with another folder's, so they are scattered) in pages of ${PAGE}; state sizes are base64 characters as sent. Deterministic; \`npm run bench:sync-state\`.`,
  '',
  ...rows,
].join('\n');
console.log(section);

const doc = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'benchmarks.md');
const begin = '<!-- bench:sync-state -->';
const end = '<!-- /bench:sync-state -->';
const block = `${begin}\n## Exchange simulator sync-state size\n\n${section}\n${end}`;
const current = existsSync(doc) ? readFileSync(doc, 'utf8') : '# Benchmarks\n';
const from = current.indexOf(begin);
const to = current.indexOf(end);
writeFileSync(
  doc,
  from >= 0 && to > from
    ? current.slice(0, from) + block + current.slice(to + end.length)
    : current.trimEnd() + '\n\n' + block + '\n',
);
console.log(`\nrecorded in ${doc}`);
