import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request, Agent } from 'undici';
import { SoapFaultError } from '../../../src/ews/errors.ts';
import { child, parseXml } from '../../../src/ews/soap/xml-tree.ts';
import { NS_MESSAGES as M } from '../../../src/ews/soap/namespaces.ts';
import { startExchangeSim } from '../../../src/exchange-sim/index.ts';
import { SEED, basic, caller, schemaDir, startSim } from './helpers.ts';

const GET_INBOX =
  '<m:GetFolder><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id="inbox"/></m:FolderIds></m:GetFolder>';

test('HTTPS with a self-signed certificate: trusted explicitly works, the fingerprint is stable across restarts with --data', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'exsim-'));
  try {
    const sim = await startExchangeSim({ port: 0, seed: SEED, dataDir: dir });
    assert.match(sim.url, /^https:/);
    assert.match(sim.fingerprint ?? '', /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const c = caller(sim, basic('alice@contoso.test', 'alice-pw'));
    const created = await c.call(
      '<m:CreateItem><m:SavedItemFolderId><t:DistinguishedFolderId Id="contacts"/></m:SavedItemFolderId><m:Items><t:Contact><t:GivenName>Persisted</t:GivenName></t:Contact></m:Items></m:CreateItem>',
    );
    assert.equal(
      child(child(created.body, M, 'ResponseMessages')!.children[0]!, M, 'ResponseCode')!.text,
      'NoError',
    );
    await c.close();
    // Without trusting the certificate, TLS verification fails.
    await assert.rejects(request(sim.ewsUrl, { method: 'POST', dispatcher: new Agent() }));
    const fp = sim.fingerprint;
    await sim.close();
    const again = await startExchangeSim({ port: 0, seed: SEED, dataDir: dir });
    assert.equal(again.fingerprint, fp);
    const mb = again.state.mailbox('alice@contoso.test')!;
    const names = [...mb.items.values()].map((i) => i.props.get('GivenName')?.text);
    assert.ok(names.includes('Persisted'), 'mailbox content survives a restart');
    await again.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('sync state stays valid across a restart with --data', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'exsim-'));
  try {
    const sync = (state?: string): string =>
      `<m:SyncFolderItems><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:SyncFolderId><t:DistinguishedFolderId Id="inbox"/></m:SyncFolderId>${state ? `<m:SyncState>${state}</m:SyncState>` : ''}<m:MaxChangesReturned>100</m:MaxChangesReturned></m:SyncFolderItems>`;
    const sim = await startExchangeSim({ port: 0, plain: true, seed: SEED, dataDir: dir });
    const c = caller(sim, basic('bob@contoso.test', 'bob-pw'));
    const first = child((await c.call(sync())).body, M, 'ResponseMessages')!.children[0]!;
    const state = child(first, M, 'SyncState')!.text;
    await c.close();
    await sim.close();
    const again = await startExchangeSim({ port: 0, plain: true, seed: SEED, dataDir: dir });
    const c2 = caller(again, basic('bob@contoso.test', 'bob-pw'));
    const second = child((await c2.call(sync(state))).body, M, 'ResponseMessages')!.children[0]!;
    assert.equal(child(second, M, 'ResponseCode')!.text, 'NoError');
    assert.equal(child(second, M, 'Changes')!.children.length, 0);
    await c2.close();
    await again.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('Autodiscover POX and SOAP return the EWS URL', async () => {
  const sim = await startSim();
  const auth = `Basic ${Buffer.from('alice@contoso.test:alice-pw').toString('base64')}`;
  const pox = await request(`${sim.url}/autodiscover/autodiscover.xml`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'text/xml' },
    body: '<?xml version="1.0"?><Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006"><Request><EMailAddress>alice@contoso.test</EMailAddress><AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema></Request></Autodiscover>',
  });
  const poxText = await pox.body.text();
  assert.ok(poxText.includes(`<EwsUrl>${sim.ewsUrl}</EwsUrl>`));
  const soap = await request(`${sim.url}/Autodiscover/Autodiscover.svc`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'text/xml' },
    body: '<?xml version="1.0"?><soap:Envelope xmlns:a="http://schemas.microsoft.com/exchange/2010/Autodiscover" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><a:GetUserSettingsRequestMessage><a:Request><a:Users><a:User><a:Mailbox>alice@contoso.test</a:Mailbox></a:User></a:Users><a:RequestedSettings><a:Setting>ExternalEwsUrl</a:Setting><a:Setting>Bogus</a:Setting></a:RequestedSettings></a:Request></a:GetUserSettingsRequestMessage></soap:Body></soap:Envelope>',
  });
  const soapText = await soap.body.text();
  assert.ok(soapText.includes(`<Value>${sim.ewsUrl}</Value>`));
  assert.match(soapText, /SettingIsNotAvailable/);
  await sim.close();
});

test('control API: bearer required, users and grants, faults by count, mailbox JSON, reset', async () => {
  const sim = await startSim({ controlToken: 'tok' });
  const ctl = (method: string, path: string, body?: unknown, token = 'tok') =>
    request(`${sim.url}/sim/v1${path}`, {
      method: method as 'GET',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const denied = await ctl('GET', '/users', undefined, 'wrong');
  await denied.body.text();
  assert.equal(denied.statusCode, 401);
  const add = await ctl('POST', '/users', {
    smtp: 'dave@contoso.test',
    password: 'dave-pw',
    displayName: 'Dave',
  });
  await add.body.text();
  assert.equal(add.statusCode, 201);
  const invalid = await ctl('POST', '/users', { smtp: 'not-an-address' });
  assert.match(await invalid.body.text(), /invalid_input/);
  const svc = caller(sim, basic('svc-voxsync', 'svc-pw'), {
    impersonate: { kind: 'PrimarySmtpAddress', value: 'dave@contoso.test' },
  });
  await assert.rejects(
    svc.call(GET_INBOX),
    (e: unknown) => e instanceof SoapFaultError && e.responseCode === 'ErrorImpersonateUserDenied',
  );
  (await ctl('POST', '/grants', { account: 'svc-voxsync', mailboxes: 'all' })).body.text();
  assert.ok((await svc.call(GET_INBOX)).body);
  // Faults: two ErrorServerBusy with back-off, then one HTTP 503, then normal service.
  await (
    await ctl('POST', '/faults', { kind: 'serverBusy', operation: 'GetFolder', count: 2, backOffMs: 1234 })
  ).body.text();
  for (let i = 0; i < 2; i++) {
    await assert.rejects(
      svc.call(GET_INBOX),
      (e: unknown) =>
        e instanceof SoapFaultError && e.responseCode === 'ErrorServerBusy' && e.backOffMs === 1234,
    );
  }
  await (await ctl('POST', '/faults', { kind: 'http503', count: 1 })).body.text();
  assert.equal((await svc.raw(GET_INBOX)).status, 503);
  assert.equal((await svc.raw(GET_INBOX)).status, 200);
  await (await ctl('POST', '/faults', { kind: 'truncate', count: 1 })).body.text();
  await assert.rejects(svc.raw(GET_INBOX));
  await (
    await ctl('POST', '/faults', { kind: 'invalidSyncState', operation: 'SyncFolderItems', count: 1 })
  ).body.text();
  const sync = await svc.raw(
    '<m:SyncFolderItems><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:SyncFolderId><t:DistinguishedFolderId Id="inbox"/></m:SyncFolderId><m:MaxChangesReturned>10</m:MaxChangesReturned></m:SyncFolderItems>',
  );
  assert.match(sync.text, /ErrorInvalidSyncStateData/);
  await svc.call(
    '<m:CreateItem MessageDisposition="SaveOnly"><m:SavedItemFolderId><t:DistinguishedFolderId Id="inbox"/></m:SavedItemFolderId><m:Items><t:Message><t:Subject>seen by control</t:Subject><t:Attachments><t:FileAttachment><t:Name>a.wav</t:Name><t:ContentType>audio/wav</t:ContentType><t:Content>UklGRg==</t:Content></t:FileAttachment></t:Attachments><t:ExtendedProperty><t:ExtendedFieldURI PropertyTag="0x6801" PropertyType="Integer"/><t:Value>42</t:Value></t:ExtendedProperty></t:Message></m:Items></m:CreateItem>',
  );
  const mb = await ctl('GET', '/mailboxes/dave@contoso.test');
  const json = (await mb.body.json()) as {
    folders: unknown[];
    items: {
      subject: string;
      attachments: { name: string; size: number }[];
      extendedProperties: { value: string }[];
    }[];
  };
  assert.ok(json.folders.length >= 15);
  const item = json.items.find((i) => i.subject === 'seen by control')!;
  assert.deepEqual(
    item.attachments.map((a) => [a.name, a.size]),
    [['a.wav', 4]],
  );
  assert.deepEqual(
    item.extendedProperties.map((p) => p.value),
    ['42'],
  );
  await (await ctl('POST', '/reset')).body.text();
  const after = await ctl('GET', '/mailboxes/dave@contoso.test');
  await after.body.text();
  assert.equal(after.statusCode, 404, 'reset returns to the seed');
  await svc.close();
  await sim.close();
});

test('throttling: concurrent calls beyond EWSMaxConcurrency get ErrorServerBusy with BackOffMilliseconds', async () => {
  const sim = await startExchangeSim({
    port: 0,
    plain: true,
    controlToken: 't',
    validateResponses: true,
    schemaDir: schemaDir(),
    seed: { ...SEED, throttling: { ewsMaxConcurrency: 2, backOffMilliseconds: 777 } },
  });
  await request(`${sim.url}/sim/v1/faults`, {
    method: 'POST',
    headers: { authorization: 'Bearer t' },
    body: JSON.stringify({ kind: 'delay', delayMs: 300, count: 3 }),
  }).then((r) => r.body.text());
  const c = caller(sim, basic('alice@contoso.test', 'alice-pw'));
  const results = await Promise.all([0, 1, 2].map(() => c.raw(GET_INBOX)));
  const busy = results.filter((r) => r.status === 500 && /ErrorServerBusy/.test(r.text));
  assert.equal(busy.length, 1);
  const fault = parseXml(busy[0]!.text);
  assert.ok(fault);
  assert.match(busy[0]!.text, /<t:Value Name="BackOffMilliseconds">777<\/t:Value>/);
  await c.close();
  await sim.close();
});

test('seed validation names each problem with its path', async () => {
  await assert.rejects(
    startExchangeSim({ port: 0, plain: true, seed: { users: [{ smtp: 'nope', password: '' }] } as never }),
    (e: Error) => /users\.0\.smtp/.test(e.message) && /users\.0\.password/.test(e.message),
  );
  await assert.rejects(
    startExchangeSim({
      port: 0,
      plain: true,
      seed: { impersonationGrants: [{ account: 'ghost', mailboxes: 'all' }] },
    }),
    /unknown account ghost/,
  );
});
