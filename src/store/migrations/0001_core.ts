import type { StoreMigration } from './types.ts';

/** Configuration model (endpoints, certificates, feature groups, mailboxes). */
export const migration: StoreMigration = {
  name: '0001_core',
  async up(db) {
    await db.schema
      .createTable('endpoints')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_key', 'text', (c) => c.notNull())
      .addColumn('address', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('url', 'text')
      .addColumn('port', 'integer', (c) => c.notNull())
      .addColumn('voice_format', 'text', (c) => c.notNull())
      .addColumn('auth_method', 'text', (c) => c.notNull())
      .addColumn('exchange_version', 'text', (c) => c.notNull())
      .addColumn('demo', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('uq_endpoints__name_key')
      .unique()
      .on('endpoints')
      .column('name_key')
      .execute();

    await db.schema
      .createTable('endpoint_certificates')
      .addColumn('endpoint_id', 'text', (c) => c.notNull().references('endpoints.id').onDelete('cascade'))
      .addColumn('fingerprint', 'text', (c) => c.notNull())
      .addColumn('pem', 'text')
      .addColumn('label', 'text')
      .addColumn('added_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('pk_endpoint_certificates', ['endpoint_id', 'fingerprint'])
      .execute();

    await db.schema
      .createTable('feature_groups')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_key', 'text', (c) => c.notNull())
      .addColumn('service_account', 'text')
      .addColumn('service_password_enc', 'text')
      .addColumn('endpoint_id', 'text', (c) => c.references('endpoints.id').onDelete('restrict'))
      .addColumn('calendar_mode', 'text', (c) => c.notNull())
      .addColumn('sync_contacts', 'integer', (c) => c.notNull())
      .addColumn('sync_messages', 'integer', (c) => c.notNull())
      .addColumn('inbox_folder', 'text', (c) => c.notNull())
      .addColumn('change_location', 'integer', (c) => c.notNull())
      .addColumn('demo', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('uq_feature_groups__name_key')
      .unique()
      .on('feature_groups')
      .column('name_key')
      .execute();
    await db.schema
      .createIndex('ix_feature_groups__endpoint')
      .on('feature_groups')
      .column('endpoint_id')
      .execute();

    await db.schema
      .createTable('mailboxes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('number', 'text', (c) => c.notNull())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('license', 'text', (c) => c.notNull())
      .addColumn('feature_group_id', 'text', (c) =>
        c.notNull().references('feature_groups.id').onDelete('restrict'),
      )
      .addColumn('use_feature_group_settings', 'integer', (c) => c.notNull())
      .addColumn('exchange_user_name', 'text')
      .addColumn('exchange_password_enc', 'text')
      .addColumn('exchange_address', 'text')
      .addColumn('exchange_address_key', 'text')
      .addColumn('storage_mode', 'text', (c) => c.notNull())
      .addColumn('pin_hash', 'text')
      .addColumn('uc_location', 'text')
      .addColumn('demo', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('uq_mailboxes__number').unique().on('mailboxes').column('number').execute();
    // NULLs are distinct in a unique index on both dialects, so unbound mailboxes never collide.
    await db.schema
      .createIndex('uq_mailboxes__exchange_address_key')
      .unique()
      .on('mailboxes')
      .column('exchange_address_key')
      .execute();
    await db.schema
      .createIndex('ix_mailboxes__feature_group')
      .on('mailboxes')
      .column('feature_group_id')
      .execute();
  },
};
