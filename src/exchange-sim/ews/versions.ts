import { EXCHANGE_VERSIONS } from '../../ews/soap/envelope.ts';
import type { ServerVersionInfo } from '../../ews/soap/envelope.ts';
import type { ServerVersion } from '../config/seed.ts';

/** ServerVersionInfo of a recent cumulative update of each release (15.0 = 2013, 15.1 = 2016, 15.2 = 2019). */
export const SERVER_VERSION_INFO: Record<ServerVersion, ServerVersionInfo> = {
  '2013': {
    majorVersion: 15,
    minorVersion: 0,
    majorBuildNumber: 1497,
    minorBuildNumber: 2,
    version: 'V2_23',
  },
  '2016': {
    majorVersion: 15,
    minorVersion: 1,
    majorBuildNumber: 2507,
    minorBuildNumber: 6,
    version: 'V2017_07_11',
  },
  '2019': {
    majorVersion: 15,
    minorVersion: 2,
    majorBuildNumber: 1118,
    minorBuildNumber: 7,
    version: 'V2017_07_11',
  },
};

/** Newest RequestServerVersion each release accepts; 2019 has no own value and answers to Exchange2016. */
const NEWEST: Record<ServerVersion, string> = {
  '2013': 'Exchange2013_SP1',
  '2016': 'V2017_07_11',
  '2019': 'V2017_07_11',
};

export type VersionCheck = 'ok' | 'unknown' | 'too-new';

export function checkRequestVersion(server: ServerVersion, requested: string): VersionCheck {
  const list = EXCHANGE_VERSIONS as readonly string[];
  const idx = list.indexOf(requested);
  if (idx < 0) return 'unknown';
  return idx <= list.indexOf(NEWEST[server]) ? 'ok' : 'too-new';
}
