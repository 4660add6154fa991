// Validates whole SOAP envelopes against ../shared/ews/schema/ews-soap-envelope.xsd with xmllint-wasm,
// in-process. Compiling types.xsd is slow, so a test file validates all its documents in one call.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateXML } from 'xmllint-wasm';

/** `shared/ews/` next to the checkout (found by walking up, so worktrees work too), or VOXSYNC_SHARED_EWS. */
function findSharedEws(): string {
  const env = process.env['VOXSYNC_SHARED_EWS'];
  if (env !== undefined) return env.endsWith('/') ? env : `${env}/`;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'shared', 'ews');
    if (existsSync(join(candidate, 'schema', 'types.xsd'))) return `${candidate}/`;
    const up = dirname(dir);
    if (up === dir) throw new Error('shared/ews not found; set VOXSYNC_SHARED_EWS');
    dir = up;
  }
}
export const SHARED_EWS = findSharedEws();
const SCHEMA_DIR = `${SHARED_EWS}schema/`;

let schemaFiles: { fileName: string; contents: string }[] | undefined;
function schemas(): { fileName: string; contents: string }[] {
  schemaFiles ??= ['ews-soap-envelope.xsd', 'xml.xsd', 'types.xsd', 'messages.xsd'].map((f) => ({
    fileName: f,
    contents: readFileSync(SCHEMA_DIR + f, 'utf8'),
  }));
  return schemaFiles;
}

/** Validate every document; returns the errors per document name ([] = valid). */
export async function validateEnvelopes(docs: Record<string, string>): Promise<Map<string, string[]>> {
  const names = Object.keys(docs);
  const files = names.map((n, i) => ({ fileName: `doc${i}.xml`, contents: docs[n]! }));
  const all = schemas();
  const result = await validateXML({
    xml: files,
    schema: [all[0]!],
    preload: all.slice(1),
    initialMemoryPages: 4096,
    maxMemoryPages: 16384,
  });
  const out = new Map<string, string[]>(names.map((n) => [n, []]));
  for (const e of result.errors) {
    const idx = e.loc === null ? -1 : Number(/^doc(\d+)\.xml$/.exec(e.loc.fileName)?.[1] ?? -1);
    const name = names[idx] ?? '(unknown)';
    if (!out.has(name)) out.set(name, []);
    out.get(name)!.push(e.rawMessage);
  }
  return out;
}
