// The top-level help is built from stand-ins (name, term, description in src/cli/commands.ts) so that
// `voxsync --help` imports no command module; these tests keep the stand-ins equal to the real commands.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { buildProgram } from '../../src/cli/main.ts';
import { commands, invokedCommand } from '../../src/cli/commands.ts';
import type { CliContext } from '../../src/cli/context.ts';

function context(): CliContext {
  return { stdout: new PassThrough(), stderr: new PassThrough(), env: {}, exitCode: 0 };
}

test('the top-level help from stand-ins equals the help of the fully loaded program', async () => {
  const lazy = await buildProgram(context(), () => false);
  const full = await buildProgram(context());
  assert.equal(lazy.helpInformation(), full.helpInformation());
});

test('each entry loads a registrar that registers exactly the command it names', async () => {
  for (const entry of commands) {
    const program = await buildProgram(context(), (name) => name === entry.name);
    const registered = program.commands.filter((c) => c.name() === entry.name);
    assert.equal(registered.length, 1, entry.name);
    assert.equal(registered[0]?.description(), entry.description, entry.name);
  }
  assert.equal(new Set(commands.map((c) => c.name)).size, commands.length, 'command names are unique');
});

test('the invoked command is the first operand, or the one after help', () => {
  assert.equal(invokedCommand(['node', 'voxsync', '--help']), undefined);
  assert.equal(invokedCommand(['node', 'voxsync', 'ews', '--url', 'https://x', 'get-folder']), 'ews');
  assert.equal(invokedCommand(['node', 'voxsync', 'help', 'deposit']), 'deposit');
  assert.equal(invokedCommand(['node', 'voxsync', '-V']), undefined);
});
