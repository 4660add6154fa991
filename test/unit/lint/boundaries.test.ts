import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const eslint = new ESLint({ cwd: root });

/** The boundary messages eslint reports for `code` as if it were the file at `filePath`. */
async function boundaryMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  assert.ok(result, 'eslint returned no result');
  return result.messages.filter((m) => m.ruleId === 'boundaries/dependencies').map((m) => m.message);
}

// Each case is a file that would live in src/ and imports a real module across a boundary; a
// violation must be reported, so the rule cannot silently stop matching after a move or an upgrade.
describe('the dependency rule (eslint.boundaries.config.js)', () => {
  it('reports the CLI importing the API', async () => {
    const messages = await boundaryMessages(
      'src/cli/fixture.ts',
      "import { API_PREFIX } from '../api/app.ts';\nexport const prefix = API_PREFIX;\n",
    );
    assert.equal(messages.length, 1);
    assert.match(messages[0] ?? '', /"cli".*"api"/);
  });

  it('reports the EWS client importing the store, and the domain importing the store', async () => {
    assert.equal(
      (await boundaryMessages('src/ews/fixture.ts', "export { Store } from '../store/index.ts';\n")).length,
      1,
    );
    assert.equal(
      (await boundaryMessages('src/domain/fixture.ts', "export { Store } from '../store/index.ts';\n"))
        .length,
      1,
    );
  });

  it('lets the simulator use the wire format and response codes, not the client itself', async () => {
    const allowed = await boundaryMessages(
      'src/exchange-sim/fixture.ts',
      "export * from '../ews/soap/namespaces.ts';\nexport * from '../ews/errors.ts';\n",
    );
    assert.deepEqual(allowed, []);
    const refused = await boundaryMessages(
      'src/exchange-sim/fixture.ts',
      "export * from '../ews/client.ts';\n",
    );
    assert.equal(refused.length, 1);
  });

  it('allows the layers in order: services on the store, the API and the CLI on services', async () => {
    assert.deepEqual(
      await boundaryMessages('src/services/fixture.ts', "export { Store } from '../store/index.ts';\n"),
      [],
    );
    assert.deepEqual(
      await boundaryMessages(
        'src/cli/fixture.ts',
        "export { depositMessage } from '../services/messages.ts';\n",
      ),
      [],
    );
  });
});
