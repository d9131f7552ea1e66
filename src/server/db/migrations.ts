import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';

/** Migrations in code, written once for SQLite and PostgreSQL alike. Never edit a shipped one. */
const migrations: Record<string, Migration> = {
  '0001_recorder': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('units')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('cameras')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('location', 'text', (c) => c.notNull())
        .addColumn('area_type', 'text', (c) => c.notNull())
        .addColumn('owner_unit_id', 'integer', (c) => c.notNull().references('units.id'))
        .addColumn('main_url', 'text', (c) => c.notNull())
        .addColumn('sub_url', 'text')
        .addColumn('credentials_enc', 'text')
        .addColumn('make', 'text')
        .addColumn('model', 'text')
        .addColumn('serial', 'text')
        .addColumn('sign_in_place', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('sign_checked_at', 'bigint')
        .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('segments')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('camera_id', 'integer', (c) => c.notNull().references('cameras.id'))
        .addColumn('start_ms', 'bigint', (c) => c.notNull())
        .addColumn('end_ms', 'bigint', (c) => c.notNull())
        .addColumn('size_bytes', 'bigint', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull().unique())
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('ok'))
        .addColumn('indexed_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('segments_camera_start').on('segments').columns(['camera_id', 'start_ms']).execute();
      await db.schema.createIndex('segments_start').on('segments').columns(['start_ms']).execute();
      await db.schema
        .createTable('recording_spans')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('camera_id', 'integer', (c) => c.notNull().references('cameras.id'))
        .addColumn('start_ms', 'bigint', (c) => c.notNull())
        .addColumn('end_ms', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('spans_camera_end').on('recording_spans').columns(['camera_id', 'end_ms']).execute();
      await db.schema
        .createTable('gaps')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('camera_id', 'integer', (c) => c.notNull().references('cameras.id'))
        .addColumn('start_ms', 'bigint', (c) => c.notNull())
        .addColumn('end_ms', 'bigint')
        .addColumn('reason', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('gaps_camera_start').on('gaps').columns(['camera_id', 'start_ms']).execute();
      await db.schema
        .createTable('holds')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('camera_id', 'integer', (c) => c.references('cameras.id'))
        .addColumn('start_ms', 'bigint', (c) => c.notNull())
        .addColumn('end_ms', 'bigint', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('until_ms', 'bigint')
        .addColumn('released_at', 'bigint')
        .execute();
      await db.schema
        .createTable('retention_log')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('at_ms', 'bigint', (c) => c.notNull())
        .addColumn('camera_id', 'integer', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('segments', 'integer', (c) => c.notNull())
        .addColumn('bytes', 'bigint', (c) => c.notNull())
        .addColumn('from_ms', 'bigint', (c) => c.notNull())
        .addColumn('to_ms', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('system_events')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('at_ms', 'bigint', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('camera_id', 'integer')
        .addColumn('detail', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0002_audit': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('audit_events')
        .addColumn('seq', 'bigint', (c) => c.primaryKey())
        .addColumn('at_ms', 'bigint', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('actor_role', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('resource_type', 'text', (c) => c.notNull())
        .addColumn('resource_id', 'text')
        .addColumn('camera_id', 'integer')
        .addColumn('reason_code', 'text')
        .addColumn('reason_text', 'text')
        .addColumn('ip', 'text')
        .addColumn('user_agent', 'text')
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_at').on('audit_events').column('at_ms').execute();
      await db.schema
        .createTable('audit_checkpoints')
        .addColumn('seq', 'bigint', (c) => c.primaryKey())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('at_ms', 'bigint', (c) => c.notNull())
        .addColumn('signature', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0003_accounts': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('users')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('full_name', 'text', (c) => c.notNull())
        .addColumn('unit_id', 'integer', (c) => c.references('units.id'))
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('disabled_at', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('user_roles')
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('user_roles_pk', ['user_id', 'role'])
        .execute();
    },
  },
  '0004_sign_in_and_policy': {
    async up(db: Kysely<unknown>) {
      // R6: a unit may give its cameras to the guards' watch.
      await db.schema.alterTable('units').addColumn('guards_watch', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('users').addColumn('totp_secret_enc', 'text').execute();
      await db.schema.alterTable('users').addColumn('totp_enabled_at', 'bigint').execute();
      await db.schema.alterTable('users').addColumn('totp_last_step', 'bigint').execute();
      await db.schema
        .createTable('sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('stage', 'text', (c) => c.notNull())
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('pending_totp_enc', 'text')
        .addColumn('ip', 'text')
        .addColumn('user_agent', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
        .addColumn('revoked_at', 'bigint')
        .execute();
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
      await db.schema
        .createTable('login_failures')
        .addColumn('username', 'text', (c) => c.primaryKey())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addColumn('last_at', 'bigint', (c) => c.notNull())
        .addColumn('locked_until', 'bigint')
        .execute();
      await db.schema
        .createTable('recovery_codes')
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('code_hash', 'text', (c) => c.notNull())
        .addColumn('used_at', 'bigint')
        .addPrimaryKeyConstraint('recovery_codes_pk', ['user_id', 'code_hash'])
        .execute();
      await db.schema
        .createTable('access_grants')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('camera_ids', 'text', (c) => c.notNull())
        .addColumn('actions', 'text', (c) => c.notNull())
        .addColumn('from_ms', 'bigint', (c) => c.notNull())
        .addColumn('to_ms', 'bigint', (c) => c.notNull())
        .addColumn('valid_until', 'bigint', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('granted_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('revoked_at', 'bigint')
        .addColumn('revoked_by', 'text')
        .execute();
      await db.schema.createIndex('access_grants_user').on('access_grants').column('user_id').execute();
      await db.schema
        .createTable('work_orders')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('vendor_user_id', 'integer', (c) => c.references('users.id'))
        .addColumn('camera_ids', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('closed_at', 'bigint')
        .execute();
      // R3.1: one reason per "session of viewing" (issue 5): what was asked, by which sign-in, until when.
      await db.schema
        .createTable('viewings')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('session_id_hash', 'text', (c) => c.notNull())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('camera_ids', 'text', (c) => c.notNull())
        .addColumn('reason_code', 'text', (c) => c.notNull())
        .addColumn('reason_text', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_actor').on('audit_events').columns(['actor', 'seq']).execute();
      await db.schema.createIndex('audit_camera').on('audit_events').columns(['camera_id', 'seq']).execute();
      await db.schema.createIndex('audit_action').on('audit_events').columns(['action', 'seq']).execute();
      await db.schema.createIndex('audit_outcome').on('audit_events').columns(['outcome', 'seq']).execute();
    },
  },
  '0005_workflows': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('users').addColumn('email', 'text').execute();
      // One hold model (issue 6): what holds it (kind + the record's id), and who released it, why.
      await db.schema.alterTable('holds').addColumn('subject_id', 'integer').execute();
      await db.schema.alterTable('holds').addColumn('released_by', 'text').execute();
      await db.schema.alterTable('holds').addColumn('release_reason', 'text').execute();
      await db.schema.createIndex('holds_subject').on('holds').columns(['kind', 'subject_id']).execute();
      // Every workflow's full history (R4.3, R7.1): one table, one row per step taken.
      await db.schema
        .createTable('workflow_history')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('subject_kind', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'integer', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('from_state', 'text')
        .addColumn('to_state', 'text')
        .addColumn('note', 'text')
        .execute();
      await db.schema.createIndex('workflow_history_subject').on('workflow_history').columns(['subject_kind', 'subject_id', 'id']).execute();
      await db.schema
        .createTable('notifications')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('subject_kind', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'integer', (c) => c.notNull())
        .addColumn('title_vi', 'text', (c) => c.notNull())
        .addColumn('title_en', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('read_at', 'bigint')
        .execute();
      await db.schema.createIndex('notifications_user').on('notifications').columns(['user_id', 'id']).execute();
      // R7.1: an incident report.
      await db.schema
        .createTable('incidents')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('occurred_at', 'bigint', (c) => c.notNull())
        .addColumn('ended_at', 'bigint')
        .addColumn('place', 'text', (c) => c.notNull())
        .addColumn('camera_ids', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('urgency', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('reported_by', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('assignee_id', 'integer', (c) => c.references('users.id'))
        .addColumn('case_id', 'integer')
        .addColumn('snapshot_path', 'text')
        .addColumn('snapshot_camera_id', 'integer')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      // R4.3: evidence cases, the people involved, the clips (cut once, hashed, kept), the biên bản.
      await db.schema
        .createTable('cases')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('opened_by', 'text', (c) => c.notNull())
        .addColumn('opened_at', 'bigint', (c) => c.notNull())
        .addColumn('closed_at', 'bigint')
        .addColumn('incident_id', 'integer')
        .execute();
      await db.schema
        .createTable('case_people')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('case_id', 'integer', (c) => c.notNull().references('cases.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('class_name', 'text')
        .execute();
      await db.schema
        .createTable('case_clips')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('case_id', 'integer', (c) => c.notNull().references('cases.id'))
        .addColumn('camera_id', 'integer', (c) => c.notNull().references('cameras.id'))
        .addColumn('start_ms', 'bigint', (c) => c.notNull())
        .addColumn('end_ms', 'bigint', (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('bytes', 'bigint', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('added_by', 'text', (c) => c.notNull())
        .addColumn('added_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('case_documents')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('case_id', 'integer', (c) => c.notNull().references('cases.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('year', 'integer')
        .addColumn('number', 'integer')
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('pdf_path', 'text')
        .addColumn('pdf_sha256', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('finalised_by', 'text')
        .addColumn('finalised_at', 'bigint')
        .execute();
      // Decree 30/2020: a number once given is never given again that year.
      await db.schema.createIndex('case_documents_number').on('case_documents').columns(['year', 'number']).unique().execute();
      await db.schema
        .createTable('evidence_exports')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('case_id', 'integer', (c) => c.notNull().references('cases.id'))
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('bytes', 'bigint')
        .addColumn('sha256', 'text')
        .addColumn('error', 'text')
        .addColumn('reason_code', 'text', (c) => c.notNull())
        .addColumn('reason_text', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('finished_at', 'bigint')
        .execute();
    },
  },
  '0006_outsider_requests': {
    async up(db: Kysely<unknown>) {
      // R4.2: a request from outside the school (public form), decided by the principal alone.
      await db.schema
        .createTable('outsider_requests')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('tracking_code', 'text', (c) => c.notNull().unique())
        .addColumn('requester_name', 'text', (c) => c.notNull())
        .addColumn('organisation', 'text', (c) => c.notNull())
        .addColumn('contact_email', 'text')
        .addColumn('contact_phone', 'text')
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('camera_ids', 'text', (c) => c.notNull())
        .addColumn('places', 'text', (c) => c.notNull())
        .addColumn('from_ms', 'bigint', (c) => c.notNull())
        .addColumn('to_ms', 'bigint', (c) => c.notNull())
        .addColumn('needs', 'text', (c) => c.notNull())
        .addColumn('legal_basis', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('submitted_at', 'bigint', (c) => c.notNull())
        .addColumn('decided_by', 'text')
        .addColumn('decided_at', 'bigint')
        .addColumn('refusal_reason', 'text')
        .addColumn('grant_id', 'integer', (c) => c.references('access_grants.id'))
        .addColumn('requester_user_id', 'integer', (c) => c.references('users.id'))
        .addColumn('valid_until', 'bigint')
        .addColumn('revoked_by', 'text')
        .addColumn('revoked_at', 'bigint')
        .execute();
      await db.schema.createIndex('outsider_requests_state').on('outsider_requests').columns(['state', 'id']).execute();
    },
  },
  '0007_complaints': {
    async up(db: Kysely<unknown>) {
      // R3.3: a complaint or data-subject request of a person recorded, with its legal deadlines.
      await db.schema
        .createTable('complaints')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('tracking_code', 'text', (c) => c.notNull().unique())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('relation', 'text', (c) => c.notNull())
        .addColumn('filer_name', 'text', (c) => c.notNull())
        .addColumn('filer_user_id', 'integer', (c) => c.references('users.id'))
        .addColumn('pupil_name', 'text', (c) => c.notNull())
        .addColumn('pupil_class', 'text', (c) => c.notNull())
        .addColumn('contact_email', 'text')
        .addColumn('contact_phone', 'text')
        .addColumn('camera_ids', 'text', (c) => c.notNull())
        .addColumn('place', 'text', (c) => c.notNull())
        .addColumn('from_ms', 'bigint', (c) => c.notNull())
        .addColumn('to_ms', 'bigint', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('filed_at', 'bigint', (c) => c.notNull())
        .addColumn('acknowledged_at', 'bigint')
        .addColumn('extended_at', 'bigint')
        .addColumn('extension_reason', 'text')
        .addColumn('answered_at', 'bigint')
        .addColumn('answered_by', 'text')
        .addColumn('answer_text', 'text')
        .addColumn('released_clip_id', 'integer')
        .addColumn('release_token_sha256', 'text')
        .addColumn('release_valid_until', 'bigint')
        .addColumn('closed_at', 'bigint')
        // Deadline warnings already sent, e.g. ["acknowledge:due_soon"]: each is sent once.
        .addColumn('warned', 'text', (c) => c.notNull().defaultTo('[]'))
        .execute();
      await db.schema.createIndex('complaints_state').on('complaints').columns(['state', 'id']).execute();
      await db.schema
        .createTable('complaint_people')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('complaint_id', 'integer', (c) => c.notNull().references('complaints.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('class_name', 'text', (c) => c.notNull())
        .addColumn('birth_date', 'text')
        .addColumn('added_by', 'text', (c) => c.notNull())
        .addColumn('added_at', 'bigint', (c) => c.notNull())
        .addColumn('removed_at', 'bigint')
        .execute();
      // R3.3: consents to show a child's image outside; withdrawn, never deleted.
      await db.schema
        .createTable('image_consents')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('complaint_id', 'integer', (c) => c.notNull().references('complaints.id'))
        .addColumn('person_id', 'integer', (c) => c.notNull().references('complaint_people.id'))
        .addColumn('given_by', 'text', (c) => c.notNull())
        .addColumn('giver_name', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .addColumn('given_at', 'bigint', (c) => c.notNull())
        .addColumn('withdrawn_at', 'bigint')
        .addColumn('withdraw_reason', 'text')
        .execute();
      await db.schema
        .createTable('redaction_clips')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('complaint_id', 'integer', (c) => c.notNull().references('complaints.id'))
        .addColumn('camera_id', 'integer', (c) => c.notNull().references('cameras.id'))
        .addColumn('from_ms', 'bigint', (c) => c.notNull())
        .addColumn('to_ms', 'bigint', (c) => c.notNull())
        .addColumn('source_path', 'text', (c) => c.notNull())
        .addColumn('duration_s', 'real', (c) => c.notNull())
        .addColumn('width', 'integer', (c) => c.notNull())
        .addColumn('height', 'integer', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('boxes', 'text', (c) => c.notNull())
        .addColumn('proposals', 'text', (c) => c.notNull())
        .addColumn('rendered_path', 'text')
        .addColumn('rendered_boxes', 'text')
        .addColumn('rendered_sha256', 'text')
        .addColumn('error', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('released_at', 'bigint')
        .execute();
    },
  },
  '0008_case_attachments': {
    async up(db: Kysely<unknown>) {
      // R4.3: files other than clips (a written statement, a photo, a scanned letter), hashed.
      await db.schema
        .createTable('case_attachments')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('case_id', 'integer', (c) => c.notNull().references('cases.id'))
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('media_type', 'text', (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('bytes', 'bigint', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('added_by', 'text', (c) => c.notNull())
        .addColumn('added_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
};

class CodeMigrations implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

export async function migrateToLatest<T>(db: Kysely<T>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new CodeMigrations() });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
