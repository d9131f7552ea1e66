import { mkdir } from 'node:fs/promises';
import BetterSqlite3 from 'better-sqlite3';
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import { type Db, openSqlite } from './db/connect.js';
import { migrateToLatest } from './db/migrations.js';
import { type DiskProbe, statfsProbe } from './repositories/disk.js';
import { CameraRepository } from './repositories/cameras.js';
import { SystemEventRepository } from './repositories/events.js';
import { AuditRepository } from './repositories/audit.js';
import { SigningKey } from './repositories/signing-key.js';
import { AuditLog } from './services/audit.js';
import { AccountService } from './services/accounts.js';
import { UserRepository } from './repositories/users.js';
import { HoldRepository } from './repositories/holds.js';
import { SecretBox } from './repositories/secrets.js';
import { SegmentRepository } from './repositories/segments.js';
import { SettingsRepository } from './repositories/settings.js';
import { UnitRepository } from './repositories/units.js';
import { SegmentIndexer } from './recorder/indexer.js';
import { Reconciler } from './recorder/reconciler.js';
import { Recorder } from './recorder/recorder.js';
import { RetentionSweeper } from './recorder/sweeper.js';
import { CameraService } from './services/cameras.js';
import { FootageService } from './services/footage.js';
import { StorageService } from './services/storage.js';
import { LoginFailureRepository, SessionRepository } from './repositories/sessions.js';
import { AccessGrantRepository } from './repositories/grants.js';
import { WorkOrderRepository } from './repositories/work-orders.js';
import { SignInService } from './services/sign-in.js';
import { AccessService } from './services/access.js';
import { AccessGrantService } from './services/grants.js';
import { WorkOrderService } from './services/work-orders.js';
import { ViewingRepository } from './repositories/viewings.js';
import { ViewingService } from './services/viewings.js';
import { type Actor, factsOf } from './services/actor.js';
import { LiveHub } from './live/hub.js';
import { isBannedArea, type AreaType } from '../domain/camera-rules.js';
import type { Trx } from './repositories/segments.js';
import { CaseRepository } from './repositories/cases.js';
import { HistoryRepository } from './repositories/history.js';
import { IncidentRepository } from './repositories/incidents.js';
import { NotificationRepository } from './repositories/notifications.js';
import { CaseService } from './services/cases.js';
import { EvidenceExportService } from './services/evidence-export.js';
import { CaseAttachmentRepository } from './repositories/case-attachments.js';
import { CaseAttachmentService } from './services/case-attachments.js';
import { IncidentService } from './services/incidents.js';
import { createMailer } from './services/mailer.js';
import { RequestRepository } from './repositories/requests.js';
import { ComplaintRepository } from './repositories/complaints.js';
import { ComplaintClipService } from './services/complaint-clips.js';
import { ComplaintService } from './services/complaints.js';
import { ComplaintDeadlineWarnings } from './services/complaint-deadlines.js';
import { WorkingCalendarService } from './services/working-calendar.js';
import { RequestService } from './services/requests.js';

type AuditEvent = Parameters<typeof factsOf>[2];

export interface VigilOptions {
  /** Injected disk figures (tests of a full disk); default: statfs of the recordings folder. */
  disk?: DiskProbe;
  now?: () => number;
  log?: Logger;
  record?: boolean;
  backoffMs?: readonly number[];
  offlineAfterMs?: number;
  /** Two-factor sign-in for leadership and admin ("From Vietnamese law"); only the demo turns it off. */
  twoFactorRequired?: boolean;
}

/** Everything the server needs, wired once: repositories → recorder and services. */
export async function createVigil(config: Config, opts: VigilOptions = {}) {
  const now = opts.now ?? Date.now;
  const log = opts.log ?? pino({ level: config.logLevel, redact: ['*.password', '*.secretUrl', '*.credentials'] });
  await mkdir(config.recordingsDir, { recursive: true });
  await mkdir(config.tmpDir, { recursive: true, mode: 0o700 });
  const db: Db = openSqlite(config.databaseFile);
  await migrateToLatest(db);
  const secrets = SecretBox.open(config.keysDir);
  const units = new UnitRepository(db);
  await units.guards(now());
  const cameraRepo = new CameraRepository(db);
  const segments = new SegmentRepository(db);
  const holds = new HoldRepository(db);
  const settings = new SettingsRepository(db);
  const disk = opts.disk ?? statfsProbe(config.recordingsDir);
  const indexer = new SegmentIndexer(config.recordingsDir, segments, now);
  const recorder = opts.record === false ? null : new Recorder(
    {
      recordingsDir: config.recordingsDir, runDir: config.runDir, segmentSeconds: config.segmentSeconds,
      watchdogSeconds: config.watchdogSeconds, offlineAfterMs: opts.offlineAfterMs ?? 30_000,
      ...(opts.backoffMs ? { backoffMs: opts.backoffMs } : {}),
    },
    { indexer, segments, log, now },
  );
  // A read-only connection of its own walks the audit chain fast and never sees an open transaction.
  const auditReader = new BetterSqlite3(config.databaseFile, { readonly: true, fileMustExist: true });
  const auditRepo = new AuditRepository(db, auditReader);
  const cameras = new CameraService(cameraRepo, units, secrets, recorder, auditRepo, now);
  const cameraExists = async (id: number) => (await cameraRepo.get(id)) !== undefined;
  const storage: StorageService = new StorageService(settings, segments, disk, () => sweeper.last, auditRepo, now);
  const events = new SystemEventRepository(db);
  const audit = new AuditLog(auditRepo, SigningKey.open(config.keysDir, 'audit-ed25519'), now);
  const users = new UserRepository(db);
  const accounts = new AccountService(users, units, auditRepo, now);
  const signIn = new SignInService(users, new SessionRepository(db), new LoginFailureRepository(db), auditRepo, secrets, settings, opts.twoFactorRequired ?? true, now);
  const grantRepo = new AccessGrantRepository(db);
  const workOrderRepo = new WorkOrderRepository(db);
  const access = new AccessService(grantRepo, workOrderRepo, (id) => cameraRepo.facts(id), now);
  const grants = new AccessGrantService(grantRepo, users, auditRepo, cameraExists, now);
  const viewings = new ViewingService(new ViewingRepository(db), auditRepo, now);
  const workOrders = new WorkOrderService(workOrderRepo, users, auditRepo, cameraExists, now);
  const sweeper = new RetentionSweeper(config.recordingsDir, segments, holds, disk, events, auditRepo, () => storage.retention(), log, now);
  const footage = new FootageService(segments, config.recordingsDir, config.tmpDir, now);
  // Live view: one upstream connection per camera and stream; an H.265 stream is found out from its
  // first init segment and transcoded to H.264 for the browser (the hub restarts it that way).
  const live = new LiveHub({
    async source(cameraId, stream) {
      const row = await cameraRepo.get(cameraId);
      if (!row || row.enabled !== 1 || isBannedArea(row.area_type as AreaType)) return null;
      return { url: await cameras.secretUrl(cameraId, stream), codec: 'h264' };
    },
    runDir: config.runDir, log, now,
  });
  // Issue 6 workflows: incidents (R7.1), evidence cases with biên bản and signed exports (R4.3).
  const history = new HistoryRepository(db);
  const notifications = new NotificationRepository(db);
  const mailer = createMailer(config.smtp, log);
  const attachmentRepo = new CaseAttachmentRepository(db);
  const caseRepo = new CaseRepository(db);
  const cases = new CaseService(
    caseRepo, history, holds, cameraRepo, users, settings, footage, auditRepo, { evidenceDir: config.evidenceDir, now, attachments: attachmentRepo },
  );
  const evidenceExports = new EvidenceExportService(cases, caseRepo, attachmentRepo, history, cameraRepo, auditRepo, SigningKey.open(config.keysDir, 'evidence-ed25519'), {
    evidenceDir: config.evidenceDir, exportsDir: config.exportsDir, now,
  });
  // R4.3: a case's files other than clips (statements, photos, letters).
  const caseAttachments = new CaseAttachmentService(attachmentRepo, caseRepo, history, auditRepo, { evidenceDir: config.evidenceDir, now });
  const incidents = new IncidentService(new IncidentRepository(db), history, holds, notifications, users, auditRepo, mailer, {
    dir: config.incidentsDir, cameraExists, openCase: () => cases.openFromIncident, now,
  });
  // R4.2: outsiders' requests, decided by the principal; an approval is an account and a grant.
  const requests = new RequestService(new RequestRepository(db), history, holds, notifications, users, accounts, grants, auditRepo, mailer, { cameraExists, now });
  // R3.3: complaints and data-subject requests, their deadlines on the school's calendar, redacted clips.
  const calendar = new WorkingCalendarService(settings, auditRepo, now);
  const complaintRepo = new ComplaintRepository(db);
  const complaintClips = new ComplaintClipService(complaintRepo, history, holds, cameraRepo, footage, auditRepo, { evidenceDir: config.evidenceDir, now });
  const complaints = new ComplaintService(complaintRepo, complaintClips, calendar, history, holds, notifications, users, auditRepo, mailer, { cameraExists, now });
  const complaintDeadlines = new ComplaintDeadlineWarnings(complaintRepo, calendar, notifications, users, mailer, now);
  const reconciler = new Reconciler(config.recordingsDir, segments, indexer, log, now);
  /** Make a change and its audit event in one transaction (R2.3: nothing changes off the record). */
  const audited = <T>(actor: Actor, change: (trx: Trx) => Promise<T>, event: AuditEvent | ((result: T) => AuditEvent)): Promise<T> =>
    db.transaction().execute(async (trx) => {
      const result = await change(trx);
      await auditRepo.append(trx, factsOf(actor, now(), typeof event === 'function' ? event(result) : event));
      return result;
    });
  let sweepTimer: NodeJS.Timeout | null = null;
  let started = false;

  return {
    config, db, log, now, audited, events, audit, auditRepo, accounts, users, signIn, access, grants, workOrders, viewings, live, units, cameras, segments, holds, footage, recorder, sweeper, reconciler,
    storage, cases, caseAttachments, incidents, notifications, mailer, requests,
    complaints, complaintClips, complaintDeadlines, calendar, evidenceExports,
    /** Reconcile the index with the disk, then start recording every enabled camera and the sweeper. */
    async start() {
      started = true;
      // Exports cut short by a stop are marked failed; their partial files go.
      await evidenceExports.recover();
      await complaintClips.recover();
      const list = await cameras.recordables();
      await reconciler.run(list.map((c) => c.id));
      for (const c of list) await recorder?.sync(c);
      await sweeper.sweep().catch((err: unknown) => log.error({ err: String(err) }, 'retention sweep failed'));
      await complaintDeadlines.warn().catch((err: unknown) => log.error({ err: String(err) }, 'complaint deadline warnings failed'));
      sweepTimer = setInterval(() => {
        sweeper.sweep().catch((err: unknown) => log.error({ err: String(err) }, 'retention sweep failed'));
        audit.checkpoint().catch((err: unknown) => log.error({ err: String(err) }, 'audit checkpoint failed'));
        complaintDeadlines.warn().catch((err: unknown) => log.error({ err: String(err) }, 'complaint deadline warnings failed'));
      }, config.sweepSeconds * 1000);
    },
    /** Graceful shutdown: close the current segments, then the database. */
    async stop() {
      if (sweepTimer) clearInterval(sweepTimer);
      await live.stopAll();
      await complaintClips.stop();
      await mailer.flush();
      await recorder?.stopAll();
      if (started) await audit.checkpoint();
      auditReader.close();
      await db.destroy();
    },
  };
}

export type Vigil = Awaited<ReturnType<typeof createVigil>>;
