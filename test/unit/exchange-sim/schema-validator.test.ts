// Differential test of the simulator's request validator against libxml2 (xmllint-wasm) on the full EWS
// schema: every request the voxsync client builds, every request sample of the shared corpus, and
// mutations of the valid ones. The verdict (valid/invalid) must be the same for every document.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { parseXml, type XmlElement } from '../../../src/ews/soap/xml-tree.ts';
import { NS_SOAP } from '../../../src/ews/soap/namespaces.ts';
import { validateRequest } from '../../../src/exchange-sim/schema/validate.ts';
import { REQUEST_CORPUS } from '../ews/fixtures/request-corpus.ts';
import { SHARED_EWS, validateEnvelopes } from '../ews/helpers/schema.ts';
import { mutate, mutationArb, serialize } from './helpers/request-mutations.ts';

const SEED = Number(process.env['VOXSYNC_FC_SEED'] ?? 20261128);
const MUTATIONS = Number(process.env['VOXSYNC_SCHEMA_MUTATIONS'] ?? 3000);

/** Our verdict: undefined = valid, else why not (parse error or the first violation). */
function ours(xml: string): string | undefined {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (err) {
    return `parse: ${(err as Error).message}`;
  }
  if (root.ns !== NS_SOAP || root.local !== 'Envelope') return 'not a SOAP envelope';
  return validateRequest(root)?.message;
}

const samples: Record<string, string> = {};
for (const f of readdirSync(`${SHARED_EWS}samples`)
  .filter((f) => /request/i.test(f))
  .sort())
  samples[`sample ${f}`] = readFileSync(`${SHARED_EWS}samples/${f}`, 'utf8');

const base: Record<string, string> = { ...REQUEST_CORPUS, ...samples };
const mutants: Record<string, string> = {};
const validBases = Object.entries(base)
  .filter(([, xml]) => ours(xml) === undefined)
  .map(([name, xml]) => [name, parseXml(xml)] as const);
fc.sample(fc.tuple(fc.nat(validBases.length - 1), mutationArb), { numRuns: MUTATIONS, seed: SEED }).forEach(
  ([b, m], i) => {
    const [name, tree] = validBases[b]!;
    const mutated = mutate(tree, m);
    if (mutated) mutants[`mutant ${i} of ${name}: ${JSON.stringify(m)}`] = serialize(mutated);
  },
);

let libxml: Map<string, string[]>;
before(async () => {
  libxml = await validateEnvelopes({ ...base, ...mutants });
});

/**
 * Understood disagreements, each narrowly recognised (anything else fails the test):
 * - libxml2 skips characters outside the base64 alphabet in xs:base64Binary ("2020-13-45T25:61:00Z" has 16
 *   alphabet characters, so it passes); .NET's Convert.FromBase64String, which Exchange's validator uses,
 *   refuses them. The simulator follows Exchange.
 * - voxsync's XML parser trims whitespace around namespace URIs (xml-scanner.ts), libxml2 keeps it, so a
 *   sample declaring xmlns:m="…/messages\n" is valid for us and unknown-namespace for libxml2.
 */
function understood(xml: string, errors: readonly string[], mine: string | undefined): boolean {
  if (mine !== undefined && errors.length === 0) {
    const m = /The value '([^']*)' is invalid according to its datatype '[^']*:base64Binary'/.exec(mine);
    return m !== null && /[^A-Za-z0-9+/=\s]/.test(m[1]!);
  }
  return (
    mine === undefined && /xmlns:\w+="[^"]*\s"/.test(xml) && errors.some((e) => /is not a valid URI/.test(e))
  );
}

function compare(docs: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [name, xml] of Object.entries(docs)) {
    const errors = libxml.get(name) ?? [];
    const mine = ours(xml);
    if ((errors.length === 0) !== (mine === undefined) && !understood(xml, errors, mine))
      out.push(
        `${name}\n  xmllint: ${errors.join(' | ') || 'valid'}\n  ours: ${mine ?? 'valid'}\n  ${xml.slice(0, 1500)}`,
      );
  }
  return out;
}

test('every request the voxsync client builds: same verdict as xmllint (all valid)', () => {
  assert.ok(Object.keys(REQUEST_CORPUS).length >= 50);
  assert.deepEqual(compare(REQUEST_CORPUS), []);
});

test('every request sample of the shared corpus: same verdict as xmllint', () => {
  assert.ok(Object.keys(samples).length >= 150);
  const invalid = Object.keys(samples).filter((n) => (libxml.get(n) ?? []).length > 0);
  assert.ok(invalid.length > 0, 'the corpus has invalid samples, so both verdicts are exercised');
  assert.deepEqual(compare(samples), []);
});

test('mutations of valid requests: same verdict as xmllint', () => {
  const names = Object.keys(mutants);
  assert.ok(names.length >= MUTATIONS / 2, `${names.length} mutants`);
  const invalid = names.filter((n) => (libxml.get(n) ?? []).length > 0);
  assert.ok(invalid.length > names.length / 3, `${invalid.length} of ${names.length} mutants invalid`);
  assert.deepEqual(compare(mutants), []);
});
