// The committed compiled schema must be what the generator makes of Microsoft's schema today.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  MODEL_PATH,
  compileFromDir,
  defaultSchemaDir,
  schemaDirPresent,
} from '../../../src/exchange-sim/schema/generate.ts';

const dir = defaultSchemaDir();
const present = schemaDirPresent(dir);

test(
  'ews-model.generated.json is up to date (npm run gen:ews-schema regenerates it)',
  { skip: present ? false : `EWS schema not found at ${dir}; set VOXSYNC_EWS_SCHEMA_DIR` },
  () => {
    const committed = readFileSync(MODEL_PATH, 'utf8');
    assert.ok(committed === compileFromDir(dir), 'stale model: run npm run gen:ews-schema');
  },
);
