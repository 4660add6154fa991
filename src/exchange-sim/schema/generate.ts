// Where the compiled model lives and how it is produced from a schema directory (the generator script and
// the freshness test share this, so both write byte-identical JSON).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileEwsSchema } from './compile.ts';

export { MODEL_PATH } from './generate-path.ts';

/** Microsoft's EWS schema as vendored by smartlet/ews (see the shared schema's SOURCE.md). */
const SOURCE =
  'Microsoft Exchange Web Services schema types.xsd + messages.xsd, unmodified, from github.com/smartlet/ews ' +
  'wsdl/ (commit c20acc664d4c61432d53c11c5f95a3535b603693), the files an Exchange 15.x server serves at /EWS/.';

/** $VOXSYNC_EWS_SCHEMA_DIR, else ../shared/ews/schema beside the repository (or beside an ancestor, for worktrees). */
export function defaultSchemaDir(): string {
  const env = process.env['VOXSYNC_EWS_SCHEMA_DIR'];
  if (env) return env;
  const repo = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
  const first = join(repo, '..', 'shared', 'ews', 'schema');
  for (let dir = dirname(repo); ; dir = dirname(dir)) {
    const candidate = join(dir, 'shared', 'ews', 'schema');
    if (schemaDirPresent(candidate)) return candidate;
    if (dirname(dir) === dir) return first;
  }
}

export function schemaDirPresent(dir: string): boolean {
  return existsSync(join(dir, 'types.xsd')) && existsSync(join(dir, 'messages.xsd'));
}

export function compileFromDir(dir: string): string {
  const model = compileEwsSchema({
    types: readFileSync(join(dir, 'types.xsd'), 'utf8'),
    messages: readFileSync(join(dir, 'messages.xsd'), 'utf8'),
    source: SOURCE,
  });
  return JSON.stringify(model) + '\n';
}
