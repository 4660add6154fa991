// Element order of the item and folder types in types.xsd (xs:sequence), used to write stored properties
// back in a schema-valid order. Derived from ../shared/ews/schema/types.xsd (ItemType and its extensions).
// Not derived from the shared field tables (src/ews/types): those model the subset voxsync reads (33 of
// ItemType's 71 elements, no TaskType), while a stored item may hold any element a client sent.
// test/unit/exchange-sim/schema-order.test.ts keeps the two in the same order where they overlap.

const ITEM = `MimeContent ItemId ParentFolderId ItemClass Subject Sensitivity Body Attachments DateTimeReceived Size
Categories Importance InReplyTo IsSubmitted IsDraft IsFromMe IsResend IsUnmodified InternetMessageHeaders DateTimeSent
DateTimeCreated ResponseObjects ReminderDueBy ReminderIsSet ReminderNextTime ReminderMinutesBeforeStart DisplayCc
DisplayTo DisplayBcc HasAttachments ExtendedProperty Culture EffectiveRights LastModifiedName LastModifiedTime
IsAssociated WebClientReadFormQueryString WebClientEditFormQueryString ConversationId UniqueBody Flag StoreEntryId
InstanceKey NormalizedBody EntityExtractionResult PolicyTag ArchiveTag RetentionDate Preview
RightsManagementLicenseData PredictedActionReasons IsClutter BlockStatus HasBlockedImages TextBody IconIndex SearchKey
SortKey Hashtags Mentions MentionedMe MentionsPreview MentionsEx AppliedHashtags AppliedHashtagsPreview Likes
LikesPreview PendingSocialActivityTagIds AtAllMention CanDelete InferenceClassification`;

const MESSAGE = `Sender ToRecipients CcRecipients BccRecipients IsReadReceiptRequested IsDeliveryReceiptRequested
ConversationIndex ConversationTopic From InternetMessageId IsRead IsResponseRequested References ReplyTo ReceivedBy
ReceivedRepresenting ApprovalRequestData VotingInformation ReminderMessageData MessageSafety SenderSMTPAddress
MailboxGuids PublishedCalendarItemIcs PublishedCalendarItemName`;

const CONTACT = `FileAs FileAsMapping DisplayName GivenName Initials MiddleName Nickname CompleteName CompanyName
EmailAddresses AbchEmailAddresses PhysicalAddresses PhoneNumbers AssistantName Birthday BusinessHomePage Children
Companies ContactSource Department Generation ImAddresses JobTitle Manager Mileage OfficeLocation PostalAddressIndex
Profession SpouseName Surname WeddingAnniversary HasPicture PhoneticFullName PhoneticFirstName PhoneticLastName Alias
Notes Photo UserSMIMECertificate MSExchangeCertificate DirectoryId ManagerMailbox DirectReports`;

const CALENDAR = `UID RecurrenceId DateTimeStamp Start End OriginalStart IsAllDayEvent LegacyFreeBusyStatus Location When
IsMeeting IsCancelled IsRecurring MeetingRequestWasSent IsResponseRequested CalendarItemType MyResponseType Organizer
RequiredAttendees OptionalAttendees Resources InboxReminders ConflictingMeetingCount AdjacentMeetingCount
ConflictingMeetings AdjacentMeetings Duration TimeZone AppointmentReplyTime AppointmentSequenceNumber AppointmentState
Recurrence FirstOccurrence LastOccurrence ModifiedOccurrences DeletedOccurrences MeetingTimeZone StartTimeZone
EndTimeZone ConferenceType AllowNewTimeProposal IsOnlineMeeting MeetingWorkspaceUrl NetShowUrl EnhancedLocation
StartWallClock EndWallClock StartTimeZoneId EndTimeZoneId IntendedFreeBusyStatus JoinOnlineMeetingUrl
OnlineMeetingSettings IsOrganizer`;

const TASK = `ActualWork AssignedTime BillingInformation ChangeCount Companies CompleteDate Contacts DelegationState
Delegator DueDate IsAssignmentEditable IsComplete IsRecurring IsTeamTask Mileage Owner PercentComplete Recurrence
StartDate Status StatusDescription TotalWork`;

function order(...parts: string[]): ReadonlyMap<string, number> {
  const names = parts.join(' ').split(/\s+/).filter(Boolean);
  return new Map(names.map((n, i) => [n, i]));
}

export type ItemKind = 'Item' | 'Message' | 'Contact' | 'CalendarItem' | 'Task';

export const ITEM_ORDER: Readonly<Record<ItemKind, ReadonlyMap<string, number>>> = {
  Item: order(ITEM),
  Message: order(ITEM, MESSAGE),
  Contact: order(ITEM, CONTACT),
  CalendarItem: order(ITEM, CALENDAR),
  Task: order(ITEM, TASK),
};

export function isItemKind(s: string): s is ItemKind {
  return s in ITEM_ORDER;
}
