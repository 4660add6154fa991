// Regenerates src/time-zones/windows-zones.generated.ts from the pinned cldr-core:
//   npm run gen:windows-zones
import { writeFileSync } from 'node:fs';
import { GENERATED_PATH, loadCldrSource, renderWindowsZones } from './windows-zones-source.ts';

const source = loadCldrSource();
const text = await renderWindowsZones(source);
writeFileSync(GENERATED_PATH, text);
console.log(`wrote ${GENERATED_PATH} from cldr-core ${source.packageVersion}`);
