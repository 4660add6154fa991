import { it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ErrorCodes, parseEndpointAddress } from '../../../src/domain/index.ts';

const hostLabel = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?$/);
const tld = fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/);
const hostName = fc
  .tuple(fc.array(hostLabel, { maxLength: 3 }), tld)
  .map(([labels, last]) => [...labels, last].join('.'));

it('never throws, whatever the address and port', () => {
  fc.assert(
    fc.property(
      fc.string({ maxLength: 200 }),
      fc.option(fc.integer({ min: -10, max: 70000 }), { nil: undefined }),
      (address, port) => {
        const r = parseEndpointAddress(address, port);
        if (r.ok) {
          assert.ok(r.address.port >= 1 && r.address.port <= 65535);
        } else {
          assert.ok(r.issue.message.length > 0 && r.issue.code.length > 0);
        }
      },
    ),
  );
});

it('every accepted ews: host yields an https URL to /EWS/Exchange.asmx on the given port', () => {
  fc.assert(
    fc.property(hostName, fc.integer({ min: 1, max: 65535 }), (host, port) => {
      const r = parseEndpointAddress(`ews:${host}`, port);
      assert.ok(r.ok, JSON.stringify(r));
      assert.equal(r.address.kind, 'ews');
      const url = new URL((r.address as { url: string }).url);
      assert.equal(url.protocol, 'https:');
      assert.equal(url.hostname, host);
      assert.equal(Number(url.port || 443), port);
      assert.equal(url.pathname, '/EWS/Exchange.asmx');
    }),
  );
});

it('any prefix spelled ews with an uppercase letter is refused as not lowercase', () => {
  const variants = fc.constantFrom('EWS', 'Ews', 'eWs', 'ewS', 'EwS', 'EWs', 'eWS');
  fc.assert(
    fc.property(variants, hostName, (prefix, host) => {
      const r = parseEndpointAddress(`${prefix}:${host}`);
      assert.ok(!r.ok);
      assert.equal(r.issue.code, ErrorCodes.endpointAddressSchemeCase);
      assert.equal(r.issue.field, 'address');
    }),
  );
});
