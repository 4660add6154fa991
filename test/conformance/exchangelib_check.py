"""Drives the voxsync Exchange simulator with exchangelib (Debian python3-exchangelib), an independent EWS client.

Usage: exchangelib_check.py EWS_URL   (env: SIM_USER, SIM_PASSWORD, SIM_MAILBOX)
Prints one line per step; exits non-zero on the first failure.
"""
import datetime
import os
import sys
import traceback

from exchangelib import (
    Account, Configuration, Credentials, IMPERSONATION, BASIC, Contact, Message, CalendarItem,
    FileAttachment, ItemAttachment, EWSDateTime, EWSTimeZone, Mailbox,
)
from exchangelib.indexed_properties import EmailAddress, PhoneNumber
from exchangelib.recurrence import Recurrence, WeeklyPattern
from exchangelib.fields import MONDAY
from exchangelib.properties import NewMailEvent
from exchangelib.folders import Messages

URL = sys.argv[1]
USER = os.environ["SIM_USER"]
PASSWORD = os.environ["SIM_PASSWORD"]
MAILBOX = os.environ["SIM_MAILBOX"]
STEP = [""]


def step(name):
    STEP[0] = name
    print(f"... {name}", flush=True)


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def main():
    step("connect with Basic auth, impersonation and version auto-detection")
    config = Configuration(service_endpoint=URL, credentials=Credentials(USER, PASSWORD), auth_type=BASIC)
    account = Account(primary_smtp_address=MAILBOX, config=config, autodiscover=False, access_type=IMPERSONATION)
    version = account.version
    print(f"    server build {version.build}, api {version.api_version}")
    check(version.build.major_version == 15, "major version 15")

    step("list folders")
    names = {f.name for f in account.msg_folder_root.children}
    print(f"    {sorted(names)}")
    for n in ("Inbox", "Contacts", "Calendar", "Deleted Items"):
        check(n in names, f"folder {n} listed")
    check(account.inbox.total_count is not None, "inbox total_count")

    step("folders: EffectiveRights and PermissionSet, the distinguished folders of an Exchange 2016 mailbox")
    cal = account.calendar
    cal.refresh()
    check(cal.effective_rights is not None and cal.effective_rights.read, "calendar effective_rights.read")
    check(cal.permission_set is not None and cal.permission_set.calendar_permissions, "calendar permission_set")
    inbox = account.inbox
    inbox.refresh()
    check(inbox.permission_set is not None and inbox.permission_set.permissions, "inbox permission_set")
    for fld, name in ((account.sync_issues, "Sync Issues"), (account.conflicts, "Conflicts"),
                      (account.recipient_cache, "Recipient Cache"), (account.todo_search, "To-Do Search")):
        check(fld is not None and fld.name == name, f"distinguished folder {name}")
    check(account.quick_contacts is not None and account.im_contact_list is not None, "Lync contact folders")
    print(f"    {len(account.root._folders_map)} folders mapped")

    step("contact: create, read, update, delete")
    c = Contact(
        folder=account.contacts, given_name="Ada", surname="Lovelace", display_name="Ada Lovelace",
        email_addresses=[EmailAddress(label="EmailAddress1", email="ada@example.net")],
        phone_numbers=[PhoneNumber(label="BusinessPhone", phone_number="+1 555 0100")],
    )
    c.save()
    got = account.contacts.get(id=c.id)
    check(got.surname == "Lovelace", "contact surname")
    check(got.email_addresses and got.email_addresses[0].email == "ada@example.net", "contact email")
    got.surname = "King"
    got.save(update_fields=["surname"])
    check(account.contacts.get(id=got.id).surname == "King", "contact updated")
    got.delete()
    check(account.contacts.filter(surname="King").count() == 0, "contact deleted")

    step("message with attachment: create, read, update, delete")
    m = Message(account=account, folder=account.inbox, subject="Voice Mail from +1 555 0100 (0:42)", body="hello")
    m.attach(FileAttachment(name="vm.mp3", content=b"ID3 fake audio", content_type="audio/mpeg"))
    m.save()
    got = account.inbox.get(id=m.id)
    check(got.subject.startswith("Voice Mail"), "message subject")
    check(got.conversation_id is not None and got.conversation_id.id, "conversation_id")
    check(got.effective_rights is not None and got.effective_rights.modify, "item effective_rights")
    check(got.is_from_me is False and got.is_resend is False and got.is_associated is False, "message flags")
    check(got.is_unmodified is False, "a draft is not unmodified")
    check(got.last_modified_name, "last_modified_name")
    check(got.mime_content and b"Subject: Voice Mail" in got.mime_content, "mime_content")
    check(len(got.attachments) == 1 and got.attachments[0].content == b"ID3 fake audio", "attachment content")
    got.is_read = False
    got.save(update_fields=["is_read"])
    check(account.inbox.get(id=got.id).is_read is False, "is_read updated")
    got.delete()

    step("item attachment: a message attached to a message, added later, read back, removed")
    carrier = Message(account=account, folder=account.inbox, subject="carrier", body="see attached")
    carrier.save()
    inner = Message(subject="attached voicemail", body="inner body")
    carrier.attach(ItemAttachment(name="forwarded", item=inner))
    got = account.inbox.get(id=carrier.id)
    items = [a for a in got.attachments if isinstance(a, ItemAttachment)]
    check(len(items) == 1 and items[0].name == "forwarded", "item attachment listed")
    check(items[0].item.subject == "attached voicemail", "attached item read back")
    got.detach(items[0])
    check(len(account.inbox.get(id=carrier.id).attachments) == 0, "item attachment removed")
    got.delete()

    step("calendar: single item and a weekly recurring one with a modified and a deleted occurrence")
    tz = EWSTimeZone("Europe/Berlin")
    start = EWSDateTime(2026, 3, 2, 10, 0, tzinfo=tz)  # a Monday
    single = CalendarItem(folder=account.calendar, subject="Single", start=start, end=start + datetime.timedelta(hours=1))
    single.save()
    check(account.calendar.get(id=single.id).subject == "Single", "single read back")
    master = CalendarItem(
        folder=account.calendar, subject="Weekly", start=start, end=start + datetime.timedelta(hours=1),
        recurrence=Recurrence(pattern=WeeklyPattern(interval=1, weekdays=[MONDAY]), start=start.date(), number=5),
    )
    master.save()
    third = master.occurrence(3)
    third.refresh()
    master.refresh()
    check(master.uid and third.uid == master.uid, "occurrence uid is the master's")
    check(third.datetime_created is not None and third.size, "occurrence datetime_created and size")
    check(third._start_timezone is not None and third._end_timezone is not None, "occurrence time zones")
    third.subject = "Weekly (moved)"
    third.save(update_fields=["subject"])
    master.occurrence(4).delete()
    master.refresh()
    check(master.type == "RecurringMaster", "master type")
    check(master.modified_occurrences and len(master.modified_occurrences) == 1, "one modified occurrence")
    check(master.deleted_occurrences and len(master.deleted_occurrences) == 1, "one deleted occurrence")
    view = list(account.calendar.view(start=start - datetime.timedelta(days=1), end=start + datetime.timedelta(days=40)))
    subjects = [i.subject for i in view]
    print(f"    calendar view: {subjects}")
    check(subjects.count("Weekly") == 3 and "Weekly (moved)" in subjects, "expanded occurrences")
    master.delete()
    single.delete()

    step("booleans written as 1/0 are read back as True/False")
    # Raw: exchangelib always writes "true"; another client may write the xs:boolean "1".
    import requests
    body = (
        '<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"'
        ' xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"'
        ' xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages"><s:Header>'
        '<t:RequestServerVersion Version="Exchange2016"/><t:ExchangeImpersonation><t:ConnectingSID>'
        f'<t:PrimarySmtpAddress>{MAILBOX}</t:PrimarySmtpAddress></t:ConnectingSID></t:ExchangeImpersonation>'
        '</s:Header><s:Body><m:CreateItem SendMeetingInvitations="SendToNone"><m:SavedItemFolderId>'
        '<t:DistinguishedFolderId Id="calendar"/></m:SavedItemFolderId><m:Items><t:CalendarItem>'
        '<t:Subject>all day</t:Subject><t:ReminderIsSet>0</t:ReminderIsSet><t:Start>2026-03-02T00:00:00Z</t:Start>'
        '<t:End>2026-03-03T00:00:00Z</t:End><t:IsAllDayEvent>1</t:IsAllDayEvent></t:CalendarItem></m:Items>'
        '</m:CreateItem></s:Body></s:Envelope>'
    )
    r = requests.post(URL, data=body.encode(), auth=(USER, PASSWORD),
                      headers={"Content-Type": "text/xml; charset=utf-8"})
    check(r.status_code == 200 and "NoError" in r.text, f"raw CreateItem: {r.status_code}")
    import re
    item_id = re.search(r'ItemId Id="([^"]+)"', r.text).group(1)
    allday = account.calendar.get(id=item_id)
    check(allday.is_all_day is True and allday.reminder_is_set is False, "canonical booleans read back")
    allday.delete()

    step("sync_items on the inbox twice: the second run returns only new changes")
    first = list(account.inbox.sync_items())
    state = account.inbox.item_sync_state
    check(state, "sync state after first run")
    Message(account=account, folder=account.inbox, subject="after first sync").save()
    second = list(account.inbox.sync_items(sync_state=state))
    print(f"    first run {len(first)} changes, second run {len(second)}")
    check(len(second) == 1 and second[0][0] == "create", "second run has exactly the new item")

    step("streaming subscription receives a NewMail event")
    sub = account.inbox.subscribe_to_streaming()
    other = Message(account=account, folder=account.inbox, subject="streamed")
    other.save()
    # A sent message is what raises NewMail; send one to ourselves.
    Message(account=account, subject="newmail", to_recipients=[Mailbox(email_address=MAILBOX)]).send()
    found = False
    for notification in account.inbox.get_streaming_events(sub, connection_timeout=1, max_notifications_returned=10):
        for event in notification.events:
            if isinstance(event, NewMailEvent):
                found = True
        if found:
            break
    account.inbox.unsubscribe(sub)
    check(found, "NewMail event received")
    print("OK")


if __name__ == "__main__":
    try:
        main()
    except Exception:  # noqa: BLE001 - report the failing step with its traceback
        print(f"FAILED at step: {STEP[0]}", flush=True)
        traceback.print_exc()
        sys.exit(1)
