// Regenerates src/exchange-sim/schema/ews-model.generated.json from Microsoft's EWS schema:
//   npm run gen:ews-schema [-- <schema dir>]
// The schema dir defaults to $VOXSYNC_EWS_SCHEMA_DIR, else ../shared/ews/schema next to the repository.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MODEL_PATH, compileFromDir, defaultSchemaDir } from '../src/exchange-sim/schema/generate.ts';

const dir = process.argv[2] ?? defaultSchemaDir();
const json = compileFromDir(dir);
const out = fileURLToPath(MODEL_PATH);
writeFileSync(out, json);
console.log(`wrote ${out} (${Buffer.byteLength(json)} bytes) from ${dir}`);
