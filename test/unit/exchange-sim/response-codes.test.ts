// Every response code the simulator can answer is one of types.xsd/messages.xsd's ResponseCodeType values:
// a code outside it makes the response schema-invalid, and clients that map codes to typed errors (the
// voxsync client, exchangelib) cannot read it. The scan covers every string literal of the form Error…
// in the simulator's sources, since codes reach ItemError/SimFault from many places.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import model from '../../../src/exchange-sim/schema/ews-model.generated.json' with { type: 'json' };

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const SIM = join(ROOT, 'src', 'exchange-sim');

function schemaResponseCodes(): ReadonlySet<string> {
  const t = (model.types as { n?: string; e?: string[] }[]).find((x) => x.n?.endsWith(':ResponseCodeType'));
  assert.ok(t?.e, 'ResponseCodeType is in the compiled schema model');
  return new Set(t.e);
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sources(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

test('every Error… code in the simulator sources is a ResponseCodeType value of the schema', () => {
  const codes = schemaResponseCodes();
  assert.ok(codes.has('ErrorItemNotFound') && codes.size > 400);
  const unknown: string[] = [];
  let seen = 0;
  for (const file of sources(SIM)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/['"`](Error[A-Z][A-Za-z0-9]*)['"`]/g)) {
      seen++;
      if (!codes.has(m[1]!)) unknown.push(`${relative(ROOT, file)}: ${m[1]}`);
    }
  }
  assert.ok(seen > 30, `the scan found the simulator's codes (${seen})`);
  assert.deepEqual(unknown, [], 'response codes that are not in ResponseCodeType');
});
