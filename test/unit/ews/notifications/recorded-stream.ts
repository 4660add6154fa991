// A recorded GetStreamingEvents body assembled from the shared samples (real-server captures and
// Microsoft's documentation examples), with the repairs noted below, plus hand-written envelopes for
// the shapes the samples lack (keep-alive, per-subscription error, move/copy/delete events).
import { readFileSync } from 'node:fs';
import { SHARED_EWS } from '../helpers/schema.ts';

const SAMPLES = `${SHARED_EWS}samples`;
const REAL = `${SHARED_EWS}real/exchangelib`;

function read(path: string): string {
  return readFileSync(path, 'utf8');
}

/** Documentation sample: the notification envelope; the published text lacks its closing </s:Envelope>. */
export const notificationEnvelope = `${read(`${SAMPLES}/GetStreamingEvents-response-2.xml`).trimEnd()}\n</s:Envelope>`;

/** Documentation sample of an error; the published text lacks </m:GetStreamingEventsResponseMessage>. */
export const invalidSubscriptionEnvelope = read(`${SAMPLES}/GetStreamingEvents-response-1.xml`).replace(
  '<m:ConnectionStatus>Closed</m:ConnectionStatus>',
  '<m:ConnectionStatus>Closed</m:ConnectionStatus></m:GetStreamingEventsResponseMessage>',
);

/** exchangelib's capture of the final ConnectionStatus=Closed envelope. */
export const closedEnvelope = read(
  `${REAL}/test_sync__test_get_streaming_events_connection_closed__L518.xml`,
);

export const keepAliveEnvelope = `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Header><ServerVersionInfo xmlns="http://schemas.microsoft.com/exchange/services/2006/types" MajorVersion="15" MinorVersion="1" MajorBuildNumber="2507" MinorBuildNumber="6"/></soap:Header><soap:Body><GetStreamingEventsResponse xmlns="http://schemas.microsoft.com/exchange/services/2006/messages"><ResponseMessages><GetStreamingEventsResponseMessage ResponseClass="Success"><ResponseCode>NoError</ResponseCode><ConnectionStatus>OK</ConnectionStatus></GetStreamingEventsResponseMessage></ResponseMessages></GetStreamingEventsResponse></soap:Body></soap:Envelope>`;

export const subscriptionErrorEnvelope = `<?xml version="1.0" encoding="utf-8"?>
<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body>
<x:GetStreamingEventsResponse xmlns:x="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:y="http://schemas.microsoft.com/exchange/services/2006/types">
<x:ResponseMessages><x:GetStreamingEventsResponseMessage ResponseClass="Error">
<x:MessageText>The specified subscription was not found.</x:MessageText>
<x:ResponseCode>ErrorSubscriptionNotFound</x:ResponseCode><x:DescriptiveLinkKey>0</x:DescriptiveLinkKey>
<x:ErrorSubscriptionIds><y:SubscriptionId>sub-gone-1</y:SubscriptionId><y:SubscriptionId>sub-gone-2</y:SubscriptionId></x:ErrorSubscriptionIds>
</x:GetStreamingEventsResponseMessage></x:ResponseMessages></x:GetStreamingEventsResponse></e:Body></e:Envelope>`;

export const moveCopyDeleteEnvelope = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><GetStreamingEventsResponse xmlns="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"><ResponseMessages><GetStreamingEventsResponseMessage ResponseClass="Success"><ResponseCode>NoError</ResponseCode><Notifications><Notification><t:SubscriptionId>sub-ü-😀</t:SubscriptionId><t:MovedEvent><t:Watermark>AQAAAA==</t:Watermark><t:TimeStamp>2026-11-28T10:00:00Z</t:TimeStamp><t:ItemId Id="new-€" ChangeKey="CK1"/><t:ParentFolderId Id="deleteditems"/><t:OldItemId Id="old-€" ChangeKey="CK0"/><t:OldParentFolderId Id="inbox"/></t:MovedEvent><t:CopiedEvent><t:TimeStamp>2026-11-28T10:00:01Z</t:TimeStamp><t:ItemId Id="copy"/><t:ParentFolderId Id="f2"/><t:OldItemId Id="orig"/><t:OldParentFolderId Id="f1"/></t:CopiedEvent><t:DeletedEvent><t:TimeStamp>2026-11-28T10:00:02Z</t:TimeStamp><t:ItemId Id="gone"/><t:ParentFolderId Id="inbox"/></t:DeletedEvent><t:FreeBusyChangedEvent><t:TimeStamp>2026-11-28T10:00:03Z</t:TimeStamp><t:ItemId Id="cal-1"/><t:ParentFolderId Id="calendar"/></t:FreeBusyChangedEvent><t:StatusEvent><t:Watermark>AQAAAB==</t:Watermark></t:StatusEvent></Notification></Notifications></GetStreamingEventsResponseMessage></ResponseMessages></GetStreamingEventsResponse></s:Body></s:Envelope>`;

/** The whole body as a server would send it over one chunked response, envelopes back to back. */
export const recordedStream = Buffer.from(
  [
    notificationEnvelope,
    keepAliveEnvelope,
    moveCopyDeleteEnvelope,
    '\r\n',
    subscriptionErrorEnvelope,
    keepAliveEnvelope,
    invalidSubscriptionEnvelope,
    closedEnvelope,
  ].join(''),
  'utf8',
);

/**
 * A heartbeat as some servers send it on a streaming connection: a Notification holding only a
 * StatusEvent (the shape of the real push heartbeat exchangelib captured, inside a GetStreamingEvents
 * envelope), rather than ConnectionStatus OK alone.
 */
export const statusOnlyEnvelope = `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header><t:ServerVersionInfo xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types" MajorVersion="15" MinorVersion="1" MajorBuildNumber="2507" MinorBuildNumber="6"/></s:Header><s:Body><m:GetStreamingEventsResponse xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"><m:ResponseMessages><m:GetStreamingEventsResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:Notifications><t:Notification><t:SubscriptionId>XXXXX=</t:SubscriptionId><t:PreviousWatermark>AAAAA=</t:PreviousWatermark><t:MoreEvents>false</t:MoreEvents><t:StatusEvent><t:Watermark>BBBBB=</t:Watermark></t:StatusEvent></t:Notification></m:Notifications><m:ConnectionStatus>OK</m:ConnectionStatus></m:GetStreamingEventsResponseMessage></m:ResponseMessages></m:GetStreamingEventsResponse></s:Body></s:Envelope>`;

/** exchangelib's capture of a real push heartbeat: SendNotification with a StatusEvent-only Notification. */
export const pushHeartbeatRequest = read(`${REAL}/test_sync__test_push_message_parsing__L435.xml`);
