import { AREA_TYPE_LABELS, type AreaType, isBannedArea, owningUnit } from '../../domain/camera-rules.js';
import type { CameraInput, CameraPatch, CameraView } from '../../contract/cameras.js';
import { classifyFfmpegError } from '../../ffmpeg/record.js';
import { redactUrl, splitCredentials, withCredentials } from '../../ffmpeg/redact.js';
import { probeCamera } from '../repositories/ffprobe.js';
import { WHAT, conflict, invalid, notFound } from '../errors.js';
import type { CameraRepository, CameraRow } from '../repositories/cameras.js';
import type { SecretBox } from '../repositories/secrets.js';
import type { UnitRepository } from '../repositories/units.js';
import type { RecordableCamera, Recorder } from '../recorder/recorder.js';
import type { AuditRepository } from '../repositories/audit.js';
import { type Actor, factsOf } from './actor.js';

interface Credentials {
  username?: string;
  password?: string;
}

function mask(value: string): string {
  return value.length <= 1 ? '•' : `${value[0]}${'•'.repeat(Math.min(8, value.length - 1))}`;
}

const bannedArea = () =>
  invalid('camera.bannedArea', {
    vi: 'Không được bật ghi hình camera ở nhà vệ sinh, phòng thay đồ hoặc phòng ngủ (Điều 2.1). Hãy tắt camera này hoặc chọn đúng loại khu vực.',
    en: 'A camera in a toilet, changing room or sleeping room cannot be enabled (R2.1). Disable it or pick the right area type.',
  });

/** The camera registry (R8.1): equipment, where it is, who owns it (R6), its secret credentials. */
export class CameraService {
  constructor(
    private readonly cameras: CameraRepository,
    private readonly units: UnitRepository,
    private readonly secrets: SecretBox,
    private readonly recorder: Recorder | null,
    private readonly audit: AuditRepository,
    private readonly now: () => number,
  ) {}

  /** Policy facts of one camera (404 when there is none). */
  async facts(id: number) {
    const [f] = await this.cameras.facts(id);
    if (!f) throw notFound(WHAT.camera);
    return f;
  }

  allFacts() {
    return this.cameras.facts();
  }

  async list(): Promise<CameraView[]> {
    const [rows, units] = await Promise.all([this.cameras.list(), this.units.list()]);
    const names = new Map(units.map((u) => [u.id, u.name]));
    return rows.map((r) => this.view(r, names.get(r.owner_unit_id) ?? ''));
  }

  async get(id: number): Promise<CameraView> {
    const row = await this.row(id);
    const unit = await this.units.get(row.owner_unit_id);
    return this.view(row, unit?.name ?? '');
  }

  async create(input: CameraInput, actor: Actor): Promise<CameraView> {
    const now = this.now();
    if (await this.cameras.byName(input.name)) throw this.duplicateName(input.name);
    const ownerUnitId = await this.resolveUnit(input.ownerUnitId);
    const main = splitCredentials(input.mainUrl);
    const creds: Credentials = {
      ...(input.username ?? main.username ? { username: input.username ?? main.username } : {}),
      ...(input.password ?? main.password ? { password: input.password ?? main.password } : {}),
    };
    const row = await this.cameras.transaction(async (trx) => {
      const r = await this.cameras.insert(trx, {
      name: input.name, location: input.location, area_type: input.areaType, owner_unit_id: ownerUnitId,
      main_url: main.url, sub_url: input.subUrl ? splitCredentials(input.subUrl).url : null,
      credentials_enc: creds.username ? this.secrets.seal(JSON.stringify(creds)) : null,
      make: input.make ?? null, model: input.model ?? null, serial: input.serial ?? null,
      sign_in_place: input.signInPlace ? 1 : 0, sign_checked_at: input.signCheckedAt ?? null,
      enabled: input.enabled ? 1 : 0, created_at: now, updated_at: now,
      });
      await this.audit.append(trx, factsOf(actor, now, { action: 'camera.create', resourceType: 'camera', resourceId: r.id, cameraId: r.id, detail: this.auditView(r) }));
      return r;
    });
    await this.recorder?.sync(this.recordable(row));
    return this.get(row.id);
  }

  async update(id: number, patch: CameraPatch, actor: Actor): Promise<CameraView> {
    const row = await this.row(id);
    const areaType = patch.areaType ?? (row.area_type as AreaType);
    const enabled = patch.enabled ?? row.enabled === 1;
    if (enabled && isBannedArea(areaType)) throw bannedArea();
    if (patch.name && patch.name !== row.name && (await this.cameras.byName(patch.name))) throw this.duplicateName(patch.name);
    const creds = this.credentials(row);
    let mainUrl = row.main_url;
    if (patch.mainUrl) {
      const main = splitCredentials(patch.mainUrl);
      mainUrl = main.url;
      if (main.username) creds.username = main.username;
      if (main.password) creds.password = main.password;
    }
    if (patch.username !== undefined) creds.username = patch.username ?? undefined;
    if (patch.password !== undefined) creds.password = patch.password ?? undefined;
    const ownerUnitId = patch.ownerUnitId !== undefined ? await this.resolveUnit(patch.ownerUnitId) : row.owner_unit_id;
    const updated = await this.cameras.transaction(async (trx) => {
      const u = await this.cameras.update(trx, id, {
      ...(patch.name ? { name: patch.name } : {}),
      ...(patch.location ? { location: patch.location } : {}),
      area_type: areaType,
      owner_unit_id: ownerUnitId,
      main_url: mainUrl,
      ...(patch.subUrl !== undefined ? { sub_url: patch.subUrl ? splitCredentials(patch.subUrl).url : null } : {}),
      credentials_enc: creds.username ? this.secrets.seal(JSON.stringify(creds)) : null,
      ...(patch.make !== undefined ? { make: patch.make ?? null } : {}),
      ...(patch.model !== undefined ? { model: patch.model ?? null } : {}),
      ...(patch.serial !== undefined ? { serial: patch.serial ?? null } : {}),
      ...(patch.signInPlace !== undefined ? { sign_in_place: patch.signInPlace ? 1 : 0 } : {}),
      ...(patch.signCheckedAt !== undefined ? { sign_checked_at: patch.signCheckedAt ?? null } : {}),
      enabled: enabled ? 1 : 0,
      updated_at: this.now(),
      });
      if (!u) throw notFound(WHAT.camera);
      // R2.3: switching a camera off, moving it or changing its owner is on the record.
      await this.audit.append(trx, factsOf(actor, this.now(), {
        action: row.enabled === 1 && !enabled ? 'camera.disable' : 'camera.update', resourceType: 'camera', resourceId: id, cameraId: id,
        detail: { before: this.auditView(row), after: this.auditView(u), credentialsChanged: patch.password !== undefined || patch.username !== undefined },
      }));
      return u;
    });
    await this.recorder?.sync(this.recordable(updated));
    return this.get(id);
  }

  /** R2.3: footage is never deleted with its camera; a camera with recordings can only be disabled. */
  async remove(id: number, actor: Actor): Promise<void> {
    const row = await this.row(id);
    if (await this.cameras.hasFootage(id)) {
      throw conflict('camera.hasFootage', {
        vi: 'Camera này đã có dữ liệu ghi hình nên không thể xóa (Điều 2.3). Hãy tắt camera; dữ liệu sẽ được xóa theo thời hạn lưu trữ.',
        en: 'This camera has recordings and cannot be deleted (R2.3). Disable it instead; its footage expires with retention.',
      });
    }
    await this.recorder?.sync({ id, removed: true });
    await this.cameras.transaction(async (trx) => {
      await this.cameras.remove(trx, id);
      await this.audit.append(trx, factsOf(actor, this.now(), { action: 'camera.delete', resourceType: 'camera', resourceId: id, cameraId: id, detail: this.auditView(row) }));
    });
  }

  /** Try to open the camera now: its stream, or why it cannot be reached (never the password). */
  async probe(id: number, runDir: string) {
    const result = await probeCamera(await this.secretUrl(id), runDir);
    if (result.reachable) return { reachable: true, video: result.video ?? null, error: null };
    const reason = classifyFfmpegError(redactUrl(result.stderr ?? '')) ?? {
      code: 'camera.unreachable', vi: 'Không mở được luồng video của camera. Kiểm tra địa chỉ và mạng.', en: 'The camera stream could not be opened. Check its address and network.',
    };
    return { reachable: false, video: null, error: reason };
  }

  /** Every enabled camera, with its secret URL, for the recorder. */
  async recordables(): Promise<RecordableCamera[]> {
    return (await this.cameras.list()).map((r) => this.recordable(r));
  }

  /** The camera's URL with credentials, for ffmpeg only. */
  async secretUrl(id: number, stream: 'main' | 'sub' = 'main'): Promise<string> {
    return this.urlWithCredentials(await this.row(id), stream);
  }

  private urlWithCredentials(row: CameraRow, stream: 'main' | 'sub'): string {
    const creds = this.credentials(row);
    return withCredentials(stream === 'sub' && row.sub_url ? row.sub_url : row.main_url, creds.username, creds.password);
  }

  private recordable(row: CameraRow): RecordableCamera {
    return {
      id: row.id, areaType: row.area_type as AreaType, enabled: row.enabled === 1,
      secretUrl: this.urlWithCredentials(row, 'main'),
    };
  }

  private credentials(row: CameraRow): Credentials {
    return row.credentials_enc ? (JSON.parse(this.secrets.open(row.credentials_enc)) as Credentials) : {};
  }

  private async row(id: number): Promise<CameraRow> {
    const row = await this.cameras.get(id);
    if (!row) throw notFound(WHAT.camera);
    return row;
  }

  private async resolveUnit(unitId: number | null | undefined): Promise<number> {
    const guards = await this.units.guards(this.now());
    const id = owningUnit(unitId, guards.id);
    if (!(await this.units.get(id))) {
      throw invalid('camera.unknownUnit', {
        vi: `Không có đơn vị số ${id}. Chọn một đơn vị trong danh sách, hoặc để trống để giao cho tổ bảo vệ (Điều 6).`,
        en: `There is no unit ${id}. Pick one from the list, or leave it empty to give the camera to the guards (R6).`,
      });
    }
    return id;
  }

  private duplicateName(name: string) {
    return conflict('camera.duplicateName', {
      vi: `Đã có camera tên "${name}". Hãy đặt một tên khác.`,
      en: `A camera named "${name}" already exists. Choose another name.`,
    });
  }

  /** A camera as the audit log keeps it: never its credentials (they are not in the row's URLs either). */
  private auditView(r: CameraRow): Record<string, unknown> {
    return { name: r.name, location: r.location, areaType: r.area_type, ownerUnitId: r.owner_unit_id, mainUrl: r.main_url, subUrl: r.sub_url, enabled: r.enabled === 1 };
  }

  private view(r: CameraRow, unitName: string): CameraView {
    const creds = this.credentials(r);
    return {
      id: r.id, name: r.name, location: r.location, areaType: r.area_type,
      areaLabel: AREA_TYPE_LABELS[r.area_type as AreaType] ?? { vi: r.area_type, en: r.area_type },
      ownerUnit: { id: r.owner_unit_id, name: unitName },
      mainUrl: r.main_url, subUrl: r.sub_url,
      credentials: creds.username ? { username: mask(creds.username), password: creds.password ? '••••••••' : '' } : null,
      make: r.make, model: r.model, serial: r.serial,
      signInPlace: r.sign_in_place === 1, signCheckedAt: r.sign_checked_at,
      enabled: r.enabled === 1, createdAt: r.created_at, updatedAt: r.updated_at,
    };
  }
}
