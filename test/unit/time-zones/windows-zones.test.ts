import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  GENERATED_PATH,
  loadCldrSource,
  renderWindowsZones,
  windowsZoneTables,
} from '../../../scripts/windows-zones-source.ts';
import {
  ianaToWindows,
  isWindowsZone,
  toIanaZone,
  toWindowsZone,
  wallToUtc,
  windowsToIana,
  zoneOffset,
} from '../../../src/time-zones/index.ts';

describe('Windows ↔ IANA time zones (CLDR windowsZones)', () => {
  it('the committed generated file is what the pinned cldr-core produces', async () => {
    const expected = await renderWindowsZones(loadCldrSource());
    assert.equal(
      readFileSync(GENERATED_PATH, 'utf8'),
      expected,
      'src/time-zones/windows-zones.generated.ts is stale: run `npm run gen:windows-zones`',
    );
  });

  it('maps every Windows id CLDR lists to a zone the runtime knows, and back to itself', () => {
    const { windowsToIana: table } = windowsZoneTables(loadCldrSource().json);
    assert.ok(table.size > 130, `only ${table.size} Windows ids`);
    for (const [win, iana] of table) {
      assert.equal(windowsToIana(win), iana);
      assert.equal(ianaToWindows(iana), win, `${iana} should map back to ${win}`);
      assert.doesNotThrow(() => new Intl.DateTimeFormat('en-US', { timeZone: iana }), iana);
    }
  });

  it('accepts any IANA spelling the runtime accepts, including current names CLDR spells the old way', () => {
    assert.equal(ianaToWindows('Europe/Paris'), 'Romance Standard Time');
    assert.equal(ianaToWindows('Asia/Kolkata'), 'India Standard Time');
    assert.equal(ianaToWindows('Europe/Kyiv'), 'FLE Standard Time');
    assert.equal(ianaToWindows('America/Indiana/Indianapolis'), 'US Eastern Standard Time');
    assert.equal(ianaToWindows('UTC'), 'UTC');
    assert.equal(ianaToWindows('Etc/UTC'), 'UTC');
    assert.equal(ianaToWindows('Mars/Olympus_Mons'), undefined);
  });

  it('tells Windows ids from IANA names and converts either way', () => {
    assert.equal(isWindowsZone('W. Europe Standard Time'), true);
    assert.equal(isWindowsZone('Moon Standard Time'), false);
    assert.equal(toIanaZone('Pacific Standard Time'), 'America/Los_Angeles');
    assert.equal(toIanaZone('America/New_York'), 'America/New_York');
    assert.equal(toWindowsZone('Tokyo Standard Time'), 'Tokyo Standard Time');
    assert.equal(toWindowsZone('Asia/Tokyo'), 'Tokyo Standard Time');
    assert.equal(toWindowsZone('nowhere'), undefined);
  });

  it('converts wall-clock times with the zone’s daylight-saving rules', () => {
    const summer = Date.UTC(2026, 6, 1, 9, 0);
    const winter = Date.UTC(2026, 0, 15, 9, 0);
    assert.equal(zoneOffset('Europe/Paris', summer), 2 * 3_600_000);
    assert.equal(zoneOffset('Europe/Paris', winter), 3_600_000);
    assert.equal(wallToUtc('Europe/Paris', 0, summer), Date.UTC(2026, 6, 1, 7, 0));
    assert.equal(wallToUtc(undefined, 3_600_000, winter), Date.UTC(2026, 0, 15, 8, 0));
  });
});
