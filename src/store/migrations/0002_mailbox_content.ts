import type { StoreMigration } from './types.ts';

/** What a mailbox holds: voice messages with their audio, contacts, calendar, location, MWI. */
export const migration: StoreMigration = {
  name: '0002_mailbox_content',
  async up(db, types) {
    const mailboxRef = 'mailboxes.id';
    await db.schema
      .createTable('messages')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('mailbox_id', 'text', (c) => c.notNull().references(mailboxRef).onDelete('cascade'))
      .addColumn('caller_number', 'text', (c) => c.notNull())
      .addColumn('caller_name', 'text')
      .addColumn('urgent', 'integer', (c) => c.notNull())
      .addColumn('private', 'integer', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addColumn('duration_ms', 'integer', (c) => c.notNull())
      .addColumn('audio_format', 'text', (c) => c.notNull())
      .addColumn('audio_sample_rate', 'integer', (c) => c.notNull())
      .addColumn('audio_channels', 'integer', (c) => c.notNull())
      .addColumn('audio_size', 'integer', (c) => c.notNull())
      .addColumn('read', 'integer', (c) => c.notNull())
      .addColumn('deleted_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('ix_messages__mailbox_received')
      .on('messages')
      .columns(['mailbox_id', 'received_at'])
      .execute();
    await db.schema.createIndex('ix_messages__deleted_at').on('messages').column('deleted_at').execute();

    // Audio bytes live in their own table so listing messages never reads them.
    await db.schema
      .createTable('message_audio')
      .addColumn('message_id', 'text', (c) => c.primaryKey().references('messages.id').onDelete('cascade'))
      .addColumn('data', types.binary, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('message_audio_cache')
      .addColumn('message_id', 'text', (c) => c.notNull().references('messages.id').onDelete('cascade'))
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('data', types.binary, (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('pk_message_audio_cache', ['message_id', 'format'])
      .execute();

    await db.schema
      .createTable('mwi_state')
      .addColumn('mailbox_id', 'text', (c) => c.primaryKey().references(mailboxRef).onDelete('cascade'))
      .addColumn('lamp_on', 'integer', (c) => c.notNull())
      .addColumn('new_count', 'integer', (c) => c.notNull())
      .addColumn('old_count', 'integer', (c) => c.notNull())
      .addColumn('urgent_count', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('contacts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('mailbox_id', 'text', (c) => c.notNull().references(mailboxRef).onDelete('cascade'))
      .addColumn('given_name', 'text')
      .addColumn('middle_name', 'text')
      .addColumn('surname', 'text')
      .addColumn('nickname', 'text')
      .addColumn('display_name', 'text')
      .addColumn('company', 'text')
      .addColumn('department', 'text')
      .addColumn('job_title', 'text')
      .addColumn('emails_json', 'text', (c) => c.notNull())
      .addColumn('phones_json', 'text', (c) => c.notNull())
      .addColumn('addresses_json', 'text', (c) => c.notNull())
      .addColumn('notes', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('ix_contacts__mailbox').on('contacts').column('mailbox_id').execute();

    await db.schema
      .createTable('calendar_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('mailbox_id', 'text', (c) => c.notNull().references(mailboxRef).onDelete('cascade'))
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('start_at', 'text', (c) => c.notNull())
      .addColumn('end_at', 'text', (c) => c.notNull())
      .addColumn('time_zone', 'text', (c) => c.notNull())
      .addColumn('all_day', 'integer', (c) => c.notNull())
      .addColumn('location', 'text')
      .addColumn('busy_status', 'text', (c) => c.notNull())
      .addColumn('recurrence_json', 'text')
      .addColumn('reminder_minutes', 'integer')
      .addColumn('uc_location', 'text', (c) => c.notNull())
      .addColumn('body', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('ix_calendar_events__mailbox_start')
      .on('calendar_events')
      .columns(['mailbox_id', 'start_at'])
      .execute();

    await db.schema
      .createTable('location_history')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('mailbox_id', 'text', (c) => c.notNull().references(mailboxRef).onDelete('cascade'))
      .addColumn('location', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('calendar_event_id', 'text')
      .addColumn('set_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('ix_location_history__mailbox_set')
      .on('location_history')
      .columns(['mailbox_id', 'set_at'])
      .execute();
  },
};
