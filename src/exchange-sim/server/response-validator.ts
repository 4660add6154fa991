// The switch that validates every response the simulator sends against Microsoft's schema. xmllint-wasm
// compiles types.xsd in ~0.8 s per call whatever the number of documents, so responses are collected and
// validated in one batch when the simulator closes; close() then rejects naming each invalid response.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export class ResponseValidationError extends Error {
  readonly code = 'exchange_sim.response_schema_invalid';
  constructor(message: string) {
    super(message);
    this.name = 'ResponseValidationError';
  }
}

export class ResponseValidator {
  private readonly docs: { xml: string; operation: string }[] = [];
  private readonly seen = new Set<string>();
  private readonly dir: string;

  constructor(schemaDir?: string) {
    const dir = schemaDir ?? process.env['VOXSYNC_EWS_SCHEMA_DIR'];
    if (!dir || !existsSync(join(dir, 'ews-soap-envelope.xsd'))) {
      throw new ResponseValidationError(
        'validateResponses needs schemaDir (or VOXSYNC_EWS_SCHEMA_DIR) pointing at ews-soap-envelope.xsd',
      );
    }
    this.dir = dir;
  }

  add(xml: string, operation: string): void {
    // Identical documents (repeated faults, keep-alives) are validated once.
    if (this.seen.has(xml)) return;
    this.seen.add(xml);
    this.docs.push({ xml, operation });
  }

  get count(): number {
    return this.docs.length;
  }

  async finish(): Promise<void> {
    if (this.docs.length === 0) return;
    const { validateXML } = await import('xmllint-wasm');
    const schema = ['ews-soap-envelope.xsd', 'xml.xsd', 'types.xsd', 'messages.xsd'].map((f) => ({
      fileName: f,
      contents: readFileSync(join(this.dir, f), 'utf8'),
    }));
    const files = this.docs.map((d, i) => ({ fileName: `response${i}.xml`, contents: d.xml }));
    const result = await validateXML({
      xml: files,
      schema: [schema[0]!],
      preload: schema.slice(1),
      initialMemoryPages: 4096,
      maxMemoryPages: 32768,
    });
    if (result.valid) return;
    const lines = result.errors.slice(0, 20).map((e) => {
      const idx = Number(/response(\d+)\.xml/.exec(e.loc?.fileName ?? '')?.[1] ?? -1);
      const doc = this.docs[idx];
      return `- ${doc?.operation ?? '?'}: ${e.rawMessage}\n    ${(doc?.xml ?? '').slice(0, 600)}`;
    });
    throw new ResponseValidationError(
      `${result.errors.length} schema violation(s) in simulator responses:\n${lines.join('\n')}`,
    );
  }
}
