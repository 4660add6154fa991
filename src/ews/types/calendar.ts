// CalendarItemType (types.xsd) incl. recurrence, occurrences and time zones.
import {
  bool,
  dateTime,
  enumCodec,
  field,
  int,
  listCodec,
  objectCodec,
  str,
  table,
  type Codec,
} from './codec.ts';
import { ITEM_FIELDS, type ItemFields } from './item.ts';
import { itemIdCodec, type ItemId } from './ids.ts';
import { mailboxCodec, singleRecipient, type EmailAddress } from './email-address.ts';
import { recurrenceCodec, type Recurrence } from './recurrence.ts';

export type CalendarItemKind = 'Single' | 'Occurrence' | 'Exception' | 'RecurringMaster';
export type LegacyFreeBusy = 'Free' | 'Tentative' | 'Busy' | 'OOF' | 'WorkingElsewhere' | 'NoData';
export type ResponseType =
  'Unknown' | 'Organizer' | 'Tentative' | 'Accept' | 'Decline' | 'NoResponseReceived';

/** TimeZoneDefinitionType in its Id-only short form (Windows zone id), which Exchange accepts and returns;
 * Periods/Transitions sent by a server are ignored when reading. */
export interface TimeZoneDefinition {
  id: string;
  name?: string;
}

export const timeZoneDefinitionCodec: Codec<TimeZoneDefinition> = {
  read: (el) => {
    const tz: TimeZoneDefinition = { id: el.attrs['Id'] ?? '' };
    if (el.attrs['Name'] !== undefined) tz.name = el.attrs['Name'];
    return tz;
  },
  write: (w, q, v) => void w.empty(q, { Id: v.id, Name: v.name }),
};

export interface Attendee {
  mailbox: EmailAddress;
  responseType?: ResponseType;
  lastResponseTime?: string;
}

const attendeeCodec = objectCodec<Attendee>(
  table([
    field('Mailbox', 'mailbox', mailboxCodec),
    field('ResponseType', 'responseType', enumCodec<ResponseType>()),
    field('LastResponseTime', 'lastResponseTime', dateTime),
  ]),
);

export interface OccurrenceInfo {
  itemId: ItemId;
  start: string;
  end: string;
  originalStart: string;
}

const occurrenceInfoCodec = objectCodec<OccurrenceInfo>(
  table([
    field('ItemId', 'itemId', itemIdCodec),
    field('Start', 'start', dateTime),
    field('End', 'end', dateTime),
    field('OriginalStart', 'originalStart', dateTime),
  ]),
);

export interface DeletedOccurrence {
  start: string;
}
const deletedOccurrenceCodec = objectCodec<DeletedOccurrence>(table([field('Start', 'start', dateTime)]));

export interface CalendarItem extends ItemFields {
  kind: 'CalendarItem';
  uid?: string;
  recurrenceId?: string;
  dateTimeStamp?: string;
  start?: string;
  end?: string;
  originalStart?: string;
  isAllDayEvent?: boolean;
  legacyFreeBusyStatus?: LegacyFreeBusy;
  location?: string;
  when?: string;
  isMeeting?: boolean;
  isCancelled?: boolean;
  isRecurring?: boolean;
  meetingRequestWasSent?: boolean;
  isResponseRequested?: boolean;
  calendarItemType?: CalendarItemKind;
  myResponseType?: ResponseType;
  organizer?: EmailAddress;
  requiredAttendees?: Attendee[];
  optionalAttendees?: Attendee[];
  resources?: Attendee[];
  duration?: string;
  timeZone?: string;
  appointmentSequenceNumber?: number;
  appointmentState?: number;
  recurrence?: Recurrence;
  firstOccurrence?: OccurrenceInfo;
  lastOccurrence?: OccurrenceInfo;
  modifiedOccurrences?: OccurrenceInfo[];
  deletedOccurrences?: DeletedOccurrence[];
  startTimeZone?: TimeZoneDefinition;
  endTimeZone?: TimeZoneDefinition;
  conferenceType?: number;
  allowNewTimeProposal?: boolean;
  isOnlineMeeting?: boolean;
  meetingWorkspaceUrl?: string;
  netShowUrl?: string;
}

export const calendarTable = table([
  ...ITEM_FIELDS,
  field('UID', 'uid', str),
  field('RecurrenceId', 'recurrenceId', dateTime),
  field('DateTimeStamp', 'dateTimeStamp', dateTime),
  field('Start', 'start', dateTime),
  field('End', 'end', dateTime),
  field('OriginalStart', 'originalStart', dateTime),
  field('IsAllDayEvent', 'isAllDayEvent', bool),
  field('LegacyFreeBusyStatus', 'legacyFreeBusyStatus', enumCodec<LegacyFreeBusy>()),
  field('Location', 'location', str),
  field('When', 'when', str),
  field('IsMeeting', 'isMeeting', bool),
  field('IsCancelled', 'isCancelled', bool),
  field('IsRecurring', 'isRecurring', bool),
  field('MeetingRequestWasSent', 'meetingRequestWasSent', bool),
  field('IsResponseRequested', 'isResponseRequested', bool),
  field('CalendarItemType', 'calendarItemType', enumCodec<CalendarItemKind>()),
  field('MyResponseType', 'myResponseType', enumCodec<ResponseType>()),
  field('Organizer', 'organizer', singleRecipient),
  field('RequiredAttendees', 'requiredAttendees', listCodec('Attendee', attendeeCodec)),
  field('OptionalAttendees', 'optionalAttendees', listCodec('Attendee', attendeeCodec)),
  field('Resources', 'resources', listCodec('Attendee', attendeeCodec)),
  field('Duration', 'duration', str),
  field('TimeZone', 'timeZone', str),
  field('AppointmentSequenceNumber', 'appointmentSequenceNumber', int),
  field('AppointmentState', 'appointmentState', int),
  field('Recurrence', 'recurrence', recurrenceCodec),
  field('FirstOccurrence', 'firstOccurrence', occurrenceInfoCodec),
  field('LastOccurrence', 'lastOccurrence', occurrenceInfoCodec),
  field('ModifiedOccurrences', 'modifiedOccurrences', listCodec('Occurrence', occurrenceInfoCodec)),
  field('DeletedOccurrences', 'deletedOccurrences', listCodec('DeletedOccurrence', deletedOccurrenceCodec)),
  field('StartTimeZone', 'startTimeZone', timeZoneDefinitionCodec),
  field('EndTimeZone', 'endTimeZone', timeZoneDefinitionCodec),
  field('ConferenceType', 'conferenceType', int),
  field('AllowNewTimeProposal', 'allowNewTimeProposal', bool),
  field('IsOnlineMeeting', 'isOnlineMeeting', bool),
  field('MeetingWorkspaceUrl', 'meetingWorkspaceUrl', str),
  field('NetShowUrl', 'netShowUrl', str),
]);

export const calendarItemCodec: Codec<Omit<CalendarItem, 'kind'>> = objectCodec(calendarTable);
