// `voxsync ews` prints an EWS failure as one line with the response code once, whatever shape the
// server gave it: Exchange's fault (detail Message), a fault whose faultstring repeats the code and has
// no detail Message (seen on a non-Microsoft EWS server), a MessageText that starts with the code.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { main } from '../../../src/cli/main.ts';
import type { CliContext } from '../../../src/cli/context.ts';
import { startHttpPeer, soapEnvelope, type Peer } from '../ews/peer.ts';

const DENIED = 'The account does not have permission to impersonate the requested user.';
const T = 'http://schemas.microsoft.com/exchange/services/2006/types';
const M = 'http://schemas.microsoft.com/exchange/services/2006/messages';

function fault(faultString: string, detail: string): string {
  return soapEnvelope(
    `<s:Fault><faultcode xmlns:a="${T}">a:ErrorImpersonateUserDenied</faultcode>` +
      `<faultstring xml:lang="en-US">${faultString}</faultstring>` +
      `<detail>${detail}</detail></s:Fault>`,
  );
}

/** Shapes by the mailbox impersonated, so one peer serves every case. */
const ANSWERS: Record<string, { status: number; xml: string }> = {
  // Exchange: faultstring and e:Message both hold the sentence.
  'exchange@contoso.test': {
    status: 500,
    xml: fault(
      DENIED,
      `<e:ResponseCode xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">ErrorImpersonateUserDenied</e:ResponseCode>` +
        `<e:Message xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">${DENIED}</e:Message>`,
    ),
  },
  // No detail Message; faultstring starts with the code.
  'other@contoso.test': { status: 500, xml: fault(`ErrorImpersonateUserDenied: ${DENIED}`, '') },
  // Neither a detail nor a faultstring text beyond the code.
  'bare@contoso.test': { status: 500, xml: fault('ErrorImpersonateUserDenied', '') },
  // A per-item error whose MessageText starts with the code.
  'item@contoso.test': {
    status: 200,
    xml: soapEnvelope(
      `<m:FindItemResponse xmlns:m="${M}" xmlns:t="${T}"><m:ResponseMessages>` +
        `<m:FindItemResponseMessage ResponseClass="Error"><m:MessageText>ErrorFolderNotFound: The specified folder could not be found in the store.</m:MessageText>` +
        `<m:ResponseCode>ErrorFolderNotFound</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey></m:FindItemResponseMessage>` +
        `</m:ResponseMessages></m:FindItemResponse>`,
    ),
  },
};

let peer: Peer;
before(async () => {
  peer = await startHttpPeer((req, res) => {
    const answer = ANSWERS[String(req.headers['x-anchormailbox'])];
    res.writeHead(answer?.status ?? 400, { 'content-type': 'text/xml; charset=utf-8' });
    res.end(answer?.xml ?? '');
  });
});
after(() => peer.close());

async function failingLine(mailbox: string): Promise<string> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let err = '';
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const ctx: CliContext = { stdout, stderr, env: { VOXSYNC_EWS_PASSWORD: 'pw' }, exitCode: 0 };
  const args = ['--url', peer.url, '--user', 'svc', '--auth', 'basic', '--impersonate', mailbox];
  const code = await main(['node', 'voxsync', 'ews', ...args, 'find-items', 'inbox'], ctx);
  assert.equal(code, 1);
  assert.equal(err.trim().split('\n').length, 1, err);
  return err.trim();
}

test('an Exchange fault is printed code once, then the message', async () => {
  assert.equal(
    await failingLine('exchange@contoso.test'),
    `voxsync ews: ErrorImpersonateUserDenied: ${DENIED}`,
  );
});

test('a faultstring that repeats the code does not repeat it on the line', async () => {
  assert.equal(await failingLine('other@contoso.test'), `voxsync ews: ErrorImpersonateUserDenied: ${DENIED}`);
});

test('a fault with nothing but the code says there was no message text', async () => {
  assert.equal(
    await failingLine('bare@contoso.test'),
    'voxsync ews: ErrorImpersonateUserDenied: no message text',
  );
});

test('a response message whose MessageText starts with the code prints it once', async () => {
  assert.equal(
    await failingLine('item@contoso.test'),
    'voxsync ews: ErrorFolderNotFound: The specified folder could not be found in the store.',
  );
});
