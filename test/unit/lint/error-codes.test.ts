// Every error code voxsync defines reads `<area>.<rule>` (e.g. `ews.soap_fault`, `audio.not_wav`), so
// logs, the API and the CLI speak one style. This scans src/ for string literals that a program would read
// as an error code and fails on any other shape, so a new SHOUTY_CODE or bare `rule` cannot slip in.
// Codes that are not ours pass: Exchange's ResponseCode values (ErrorXxx, NoError, ...), autodiscover's
// redirect values, Node/driver system codes (ENOENT, ERR_*, SQLITE_*, FST_*, SQLSTATE digits) and zod's
// issue codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { SCHEMA_RESPONSE_CODES } from '../../../src/ews/types/response-code.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const OURS = /^[a-z_]+\.[a-z0-9_.]+$/;

const EXCHANGE = new Set<string>([
  ...SCHEMA_RESPONSE_CODES,
  'UnlistedResponseCode',
  // Autodiscover (POX and SOAP) answer values.
  'NoError',
  'RedirectUrl',
  'RedirectAddress',
  'InvalidUser',
  'InvalidRequest',
  'InvalidSetting',
  'SettingIsNotAvailable',
  'ServerBusy',
  'InvalidDomain',
  'NotFederated',
  'InternalServerError',
]);
// zod's ZodIssueCode values, compared where validation issues are translated.
const ZOD = new Set([
  'custom',
  'invalid_type',
  'invalid_literal',
  'unrecognized_keys',
  'invalid_union',
  'invalid_union_discriminator',
  'invalid_enum_value',
  'invalid_arguments',
  'invalid_return_type',
  'invalid_date',
  'invalid_string',
  'too_small',
  'too_big',
  'invalid_intersection_types',
  'not_multiple_of',
  'not_finite',
]);
const SYSTEM = /^(E[A-Z0-9]+|ERR_[A-Z0-9_]+|SQLITE_[A-Z_]+|FST_[A-Z_]+|[0-9A-Z]{5})$/;

function notOurs(code: string): boolean {
  return EXCHANGE.has(code) || /^Error[A-Z]\w*$/.test(code) || ZOD.has(code) || SYSTEM.test(code);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.generated.ts') ? [p] : [];
  });
}

const isCodeName = (n: ts.Node | undefined): boolean =>
  n !== undefined && (ts.isIdentifier(n) || ts.isStringLiteral(n)) && n.text === 'code';

/** String literals in `t` (a literal type or a union of them). */
function literalTypes(t: ts.TypeNode | undefined): ts.StringLiteral[] {
  if (!t) return [];
  if (ts.isUnionTypeNode(t)) return t.types.flatMap(literalTypes);
  if (ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal)) return [t.literal];
  return [];
}

/** The class `super(...)` at `node` calls: the `extends` of the enclosing class. */
function baseClassOf(node: ts.Node): string | undefined {
  let n: ts.Node | undefined = node;
  while (n && !ts.isClassDeclaration(n)) n = n.parent;
  const heritage = n?.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword);
  const expr = heritage?.types[0]?.expression;
  return expr && ts.isIdentifier(expr) ? expr.text : undefined;
}

/** Error classes whose constructor's first parameter is the code (`code`, `responseCode`). */
function codeFirstClasses(files: readonly ts.SourceFile[]): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isClassDeclaration(node) && node.name) {
      const ctor = node.members.find(ts.isConstructorDeclaration);
      const param = ctor?.parameters[0]?.name;
      if (param && ts.isIdentifier(param) && /^(code|responseCode)$/.test(param.text))
        names.add(node.name.text);
    }
    ts.forEachChild(node, visit);
  };
  for (const f of files) visit(f);
  return names;
}

/** Literals that a program would read as an error code. */
function codeLiterals(file: ts.SourceFile, codeFirst: ReadonlySet<string>): ts.StringLiteral[] {
  const found: ts.StringLiteral[] = [];
  const visit = (node: ts.Node): void => {
    // { code: 'x' } and `readonly code = 'x'`, `code: 'x' | 'y'`
    if (ts.isPropertyAssignment(node) && isCodeName(node.name) && ts.isStringLiteral(node.initializer)) {
      found.push(node.initializer);
    }
    if ((ts.isPropertyDeclaration(node) || ts.isPropertySignature(node)) && isCodeName(node.name)) {
      if (ts.isPropertyDeclaration(node) && node.initializer && ts.isStringLiteral(node.initializer)) {
        found.push(node.initializer);
      }
      found.push(...literalTypes(node.type));
    }
    // Type aliases named for codes: `type AudioErrorCode = 'audio.x' | ...`
    if (
      ts.isTypeAliasDeclaration(node) &&
      /Code$/.test(node.name.text) &&
      !/ResponseCode$/.test(node.name.text)
    ) {
      found.push(...literalTypes(node.type));
    }
    // new FooError('code', ...) and super('code', ...) for classes whose constructor takes the code first.
    if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && node.arguments) {
      const first = node.arguments[0];
      const target =
        ts.isNewExpression(node) && ts.isIdentifier(node.expression) ? node.expression.text : undefined;
      const base = node.expression.kind === ts.SyntaxKind.SuperKeyword ? baseClassOf(node) : undefined;
      const name = target ?? base;
      if (name !== undefined && codeFirst.has(name) && first && ts.isStringLiteral(first)) found.push(first);
    }
    // x.code === 'y'
    if (
      ts.isBinaryExpression(node) &&
      [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken].includes(
        node.operatorToken.kind,
      ) &&
      ts.isPropertyAccessExpression(node.left) &&
      node.left.name.text === 'code' &&
      ts.isStringLiteral(node.right)
    ) {
      found.push(node.right);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

test('every error code in src reads <area>.<rule>', () => {
  const offenders: string[] = [];
  let seen = 0;
  const files = sourceFiles(join(root, 'src')).map((path) =>
    ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true),
  );
  const codeFirst = codeFirstClasses(files);
  assert.ok(
    codeFirst.has('EwsError') && codeFirst.has('AudioError'),
    'the code-first error classes were not found',
  );
  for (const file of files) {
    const path = file.fileName;
    for (const lit of codeLiterals(file, codeFirst)) {
      seen += 1;
      if (OURS.test(lit.text) || notOurs(lit.text)) continue;
      const { line } = file.getLineAndCharacterOfPosition(lit.getStart(file));
      offenders.push(`${relative(root, path)}:${line + 1} '${lit.text}'`);
    }
  }
  // The scan must keep finding codes; a refactor that hides them all would make it pass vacuously.
  assert.ok(seen > 100, `only ${seen} code literals found in src`);
  assert.deepEqual(offenders, [], `codes not in <area>.<rule> style:\n${offenders.join('\n')}`);
});
