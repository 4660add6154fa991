// Leaf module: depends on nothing of voxsync's, so the EWS client (src/ews), the domain and the Exchange
// simulator may all import it (the boundary lint rule allows it from every layer).
export {
  canonicalIanaZone,
  ianaToWindows,
  isIanaZone,
  isWindowsZone,
  toIanaZone,
  toWindowsZone,
  windowsToIana,
} from './windows-zones.ts';
export { utcToWall, wallToUtc, zoneOffset } from './zone-offset.ts';
export { CLDR_VERSION } from './windows-zones.generated.ts';
