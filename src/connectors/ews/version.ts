// Exchange version ↔ RequestServerVersion. Exchange 2016 and 2019 share "Exchange2016" (there is no
// Exchange2019 value); 2013 gets Exchange2013_SP1, the newest value it accepts. "auto" asks with
// Exchange2013_SP1 (every supported release accepts it) and reads ServerVersionInfo: 15.0 = 2013,
// 15.1 = 2016, 15.2 = 2019.
import type { ExchangeVersion as RequestVersion, ServerVersionInfo } from '../../ews/soap/envelope.ts';
import type { ExchangeVersion } from '../../domain/index.ts';
import type { ServerVersionReport } from '../connection-test.ts';

export const PROBE_REQUEST_VERSION: RequestVersion = 'Exchange2013_SP1';

/** The RequestServerVersion for a configured version; undefined for `auto` (detect first). */
export function requestVersionFor(configured: ExchangeVersion): RequestVersion | undefined {
  switch (configured) {
    case '2013':
      return 'Exchange2013_SP1';
    case '2016':
    case '2019':
      return 'Exchange2016';
    case 'auto':
      return undefined;
  }
}

export type DetectedRelease = '2013' | '2016' | '2019' | 'newer' | 'unsupported';

export function releaseOf(info: ServerVersionInfo): DetectedRelease {
  const major = info.majorVersion ?? 0;
  const minor = info.minorVersion ?? 0;
  if (major < 15) return 'unsupported';
  if (major > 15) return 'newer';
  return minor === 0 ? '2013' : minor === 1 ? '2016' : minor === 2 ? '2019' : 'newer';
}

/** RequestServerVersion for a detected server; undefined when the release is older than 2013. */
export function requestVersionForServer(info: ServerVersionInfo): RequestVersion | undefined {
  const r = releaseOf(info);
  if (r === 'unsupported') return undefined;
  return r === '2013' ? 'Exchange2013_SP1' : 'Exchange2016';
}

export function describeServerVersion(info: ServerVersionInfo): ServerVersionReport | undefined {
  const request = requestVersionForServer(info);
  if (request === undefined) return undefined;
  const r = releaseOf(info);
  const build = [info.majorVersion, info.minorVersion, info.majorBuildNumber, info.minorBuildNumber]
    .map((n) => n ?? 0)
    .join('.');
  return {
    build,
    product: r === 'newer' ? 'Exchange (newer than 2019)' : `Exchange ${r}`,
    requestServerVersion: request,
  };
}

/** True when the configured version fits the detected server (2016 and 2019 are interchangeable). */
export function configuredVersionMatches(configured: ExchangeVersion, info: ServerVersionInfo): boolean {
  if (configured === 'auto') return true;
  const r = releaseOf(info);
  if (configured === '2013') return r === '2013';
  return r === '2016' || r === '2019' || r === 'newer';
}
