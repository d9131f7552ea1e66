import type { AreaType } from '../domain/camera-rules.js';
import type { Role } from '../domain/roles.js';
import type { Camsim } from '../../tools/camsim/camsim.js';
import type { Actor } from './services/actor.js';
import type { Vigil } from './vigil.js';

const PLACES: Array<{ name: string; location: string; areaType: AreaType; unit?: 'khoi1' }> = [
  { name: 'Cổng chính', location: 'Cổng trường, phố Đoàn Khuê', areaType: 'gate' },
  { name: 'Sân trường', location: 'Sân giữa khu A và khu B', areaType: 'yard' },
  { name: 'Hành lang tầng 2', location: 'Khu A, tầng 2 — trước các lớp khối 1', areaType: 'corridor', unit: 'khoi1' },
  { name: 'Cầu thang khu B', location: 'Khu B, cầu thang chính', areaType: 'stairs' },
  { name: 'Nhà xe', location: 'Nhà xe giáo viên', areaType: 'parking' },
  { name: 'Thư viện', location: 'Khu C, tầng 1', areaType: 'library' },
  { name: 'Nhà ăn', location: 'Khu bán trú', areaType: 'canteen' },
  { name: 'Kho thiết bị', location: 'Khu C, tầng trệt', areaType: 'storeroom' },
];

/** One account per role, with Vietnamese names (issue 4). */
export const DEMO_ACCOUNTS: Array<{ username: string; fullName: string; roles: Role[]; unit?: 'khoi1' }> = [
  { username: 'hieutruong', fullName: 'Nguyễn Thị Lan', roles: ['principal'] },
  { username: 'phohieutruong', fullName: 'Trần Văn Minh', roles: ['vice_principal'] },
  { username: 'baove', fullName: 'Lê Văn Hùng', roles: ['guard'] },
  { username: 'thietbi', fullName: 'Phạm Thị Hoa', roles: ['equipment_officer'] },
  { username: 'ketoan', fullName: 'Đỗ Thị Mai', roles: ['accountant'] },
  { username: 'totruong', fullName: 'Vũ Thị Hạnh', roles: ['unit_head'], unit: 'khoi1' },
  { username: 'giaovien', fullName: 'Hoàng Văn Nam', roles: ['staff'], unit: 'khoi1' },
  { username: 'phuhuynh', fullName: 'Bùi Thị Thu', roles: ['requester'] },
  { username: 'nhacungcap', fullName: 'Công ty TNHH Thiết bị An Ninh Số', roles: ['vendor'] },
  { username: 'quantri', fullName: 'Ngô Quang Huy', roles: ['admin'] },
];

export const DEFAULT_DEMO_PASSWORD = 'DoanKhue@2026';
const DEMO_ACTOR: Actor = { name: 'demo', role: null, ip: null, userAgent: 'vigil demo' };
const KHOI1 = 'Tổ khối 1';

/**
 * The demo school (idempotent): one camera per simulated camera in real places, the corridor of
 * grade 1 owned by its unit (R6), one account per role, a vendor's work order and a parent's grant.
 */
export async function seedDemo(vigil: Vigil, camsim: Pick<Camsim, 'url'>, count: number, password: string): Promise<void> {
  const units = await vigil.units.list();
  const khoi1 = units.find((u) => u.name === KHOI1) ?? (await vigil.units.create(KHOI1, 'department', vigil.now()));
  const existing = new Set((await vigil.cameras.list()).map((c) => c.name));
  for (let n = 1; n <= count; n += 1) {
    const place = PLACES[(n - 1) % PLACES.length] ?? PLACES[0];
    if (!place) continue;
    const name = n <= PLACES.length ? place.name : `${place.name} ${n}`;
    if (existing.has(name)) continue;
    await vigil.cameras.create({
      name, location: place.location, areaType: place.areaType, ownerUnitId: place.unit ? khoi1.id : null,
      mainUrl: camsim.url(n), subUrl: camsim.url(n, 'sub'),
      make: 'Vigil camsim', model: n === 2 ? 'H.265' : 'H.264', serial: `SIM-${String(n).padStart(4, '0')}`,
      signInPlace: true, enabled: true,
    }, DEMO_ACTOR);
  }
  const fresh: string[] = [];
  for (const a of DEMO_ACCOUNTS) {
    if (await vigil.users.byUsername(a.username)) continue;
    await vigil.accounts.add({ username: a.username, fullName: a.fullName, roles: a.roles, unitId: a.unit ? khoi1.id : null, password }, DEMO_ACTOR);
    fresh.push(a.username);
  }
  const cameras = await vigil.cameras.list();
  const yard = cameras.find((c) => c.name === 'Sân trường');
  const gate = cameras.find((c) => c.name === 'Cổng chính');
  if (fresh.includes('nhacungcap') && yard) {
    await vigil.workOrders.create({ title: 'Bảo dưỡng định kỳ quý IV — camera sân trường', vendorUsername: 'nhacungcap', cameraIds: [yard.id] }, DEMO_ACTOR);
  }
  if (fresh.includes('phuhuynh') && gate) {
    const now = vigil.now();
    await vigil.grants.create({
      username: 'phuhuynh', cameraIds: [gate.id], from: now - 3_600_000, to: now + 86_400_000, actions: ['footage.playback'],
      validUntil: now + 7 * 86_400_000, purpose: 'Phụ huynh đề nghị xem lại giờ đón con tại cổng trường (đã được Hiệu trưởng duyệt)',
    }, { ...DEMO_ACTOR, name: 'hieutruong', role: 'principal' });
  }
}

const asUser = async (vigil: Vigil, username: string) => {
  const u = await vigil.users.byUsername(username);
  if (!u) throw new Error(`demo account ${username} is missing`);
  return { viewer: { userId: u.id, username: u.username, roles: u.roles }, actor: { ...DEMO_ACTOR, name: u.username, role: u.roles[0] ?? null } };
};

/**
 * Issue 6: one example of each workflow in progress, so a newcomer sees them (idempotent: only on
 * a school that has none yet). The guard's incident at the gate, acknowledged by the principal and
 * handed to the vice-principal; a parent's request waiting for the principal; an evidence case with
 * the people involved, a note and a draft biên bản; a parent's complaint acknowledged, a consent to
 * record. Clips come once footage is recorded: the demo
 * starts with none.
 */
export async function seedDemoWorkflows(vigil: Vigil): Promise<void> {
  if ((await vigil.incidents.list({ userId: 0, username: 'demo', roles: ['principal'] }, 'all')).length > 0) return;
  const cameras = await vigil.cameras.list();
  const gate = cameras.find((c) => c.name === 'Cổng chính');
  const now = vigil.now();
  const guard = await asUser(vigil, 'baove');
  const principal = await asUser(vigil, 'hieutruong');
  const incident = await vigil.incidents.report({
    occurredAt: now - 20 * 60_000, endedAt: now - 15 * 60_000, place: 'Cổng chính, lúc tan học', cameraIds: gate ? [gate.id] : [],
    category: 'intrusion', urgency: 'high',
    description: 'Một người lạ không có thẻ ra vào đứng chờ ở cổng, hỏi tên một học sinh lớp 2B. Bảo vệ đã mời ra ngoài và báo giáo viên chủ nhiệm.',
  }, guard.viewer, guard.actor);
  await vigil.incidents.act(incident.id, { event: 'acknowledge', note: 'Đã tiếp nhận; đề nghị bảo vệ ghi sổ trực.' }, principal.viewer, principal.actor);
  await vigil.incidents.act(incident.id, { event: 'assign', assignee: 'phohieutruong', note: 'Thầy Minh làm việc với phụ huynh lớp 2B.' }, principal.viewer, principal.actor);

  // R4.2: a parent's request waiting for the principal (its footage already held).
  const yard = cameras.find((cam) => cam.name === 'Sân trường');
  await vigil.requests.submit({
    requesterName: 'Phạm Văn Đức', organisation: 'Phụ huynh học sinh lớp 4B', contactEmail: 'phamvanduc@example.vn', contactPhone: '0912 345 678',
    purpose: 'parent', cameraIds: yard ? [yard.id] : [], places: 'Sân trường, giờ ra chơi buổi sáng', from: now - 3 * 3_600_000, to: now - 2 * 3_600_000,
    needs: ['view_on_site'], legalBasis: 'Quyền của cha mẹ được biết thông tin về con (Luật Trẻ em 2016)',
    description: 'Con tôi kể bị bạn xô ngã ở sân trường giờ ra chơi; tôi đề nghị được xem lại đoạn ghi hình tại trường.',
  }, { ...DEMO_ACTOR, name: 'anonymous' });

  const c = await vigil.cases.open({
    title: 'Học sinh lớp 3A bị ngã ở cầu thang khu B',
    description: 'Giờ ra chơi sáng, một học sinh lớp 3A trượt ngã ở cầu thang khu B, bị trầy đầu gối. Phụ huynh đề nghị nhà trường làm rõ.',
  }, principal.viewer, principal.actor);
  await vigil.cases.addPerson(c.id, { name: 'Nguyễn Minh Khang', role: 'Học sinh', className: '3A' }, principal.viewer, principal.actor);
  await vigil.cases.addPerson(c.id, { name: 'Trần Thị Thu', role: 'Giáo viên chủ nhiệm', className: '3A' }, principal.viewer, principal.actor);
  await vigil.cases.addNote(c.id, 'Đã gọi điện cho phụ huynh lúc 10h30; hẹn làm việc chiều thứ Sáu.', principal.viewer, principal.actor);
  await vigil.cases.draft(c.id, {
    subject: 'Xem xét việc học sinh lớp 3A bị ngã ở cầu thang khu B', place: 'Phòng họp Ban Giám hiệu',
    startedAt: now - 2 * 3_600_000, endedAt: now - 3_600_000,
    present: [
      { name: 'Nguyễn Thị Lan', position: 'Hiệu trưởng' }, { name: 'Trần Văn Minh', position: 'Phó Hiệu trưởng' },
      { name: 'Trần Thị Thu', position: 'Giáo viên chủ nhiệm lớp 3A' }, { name: 'Lê Văn Hùng', position: 'Bảo vệ' },
    ],
    chair: { name: 'Nguyễn Thị Lan', position: 'Hiệu trưởng' }, secretary: { name: 'Trần Văn Minh', position: 'Phó Hiệu trưởng' },
    content: [
      'Cùng xem lại đoạn ghi hình camera cầu thang khu B trong giờ ra chơi.',
      'Học sinh chạy xuống cầu thang, trượt chân ở bậc cuối; không có va chạm với học sinh khác.',
    ],
    recipients: ['Phụ huynh học sinh Nguyễn Minh Khang', 'Lưu: VT'],
  }, principal.viewer, principal.actor);

  // R3.3: a parent's request to see her child's footage, acknowledged; the child's consent still to record.
  const filed = await vigil.complaints.filePublic({
    kind: 'see_own_footage', relation: 'parent_of_pupil', filerName: 'Hoàng Thị Mai', pupilName: 'Đỗ Gia Bảo', pupilClass: '2B',
    contactEmail: 'hoangthimai@example.vn', contactPhone: '0987 654 321', cameraIds: yard ? [yard.id] : [], place: 'Sân trường, giờ ra chơi',
    from: now - 26 * 3_600_000, to: now - 25 * 3_600_000,
    description: 'Con tôi về kể bị nhóm bạn trêu chọc ở sân trường giờ ra chơi hôm qua. Tôi đề nghị được xem hình ảnh của con trong thời gian đó.',
  }, { ...DEMO_ACTOR, name: 'anonymous' });
  const complaint = (await vigil.complaints.list(principal.viewer, 'all')).find((k) => k.trackingCode === filed.trackingCode);
  if (!complaint) return;
  await vigil.complaints.act(complaint.id, { event: 'acknowledge', note: 'Đã gọi điện cho phụ huynh, hẹn trả lời kèm đoạn ghi hình đã làm mờ các em khác.' }, principal.viewer, principal.actor, '');
  const eightYearsAgo = new Date(now - 8 * 365.25 * 86_400_000).toISOString().slice(0, 10);
  const withPupil = await vigil.complaints.addPerson(complaint.id, { name: 'Đỗ Gia Bảo', role: 'pupil', className: '2B', birthDate: eightYearsAgo }, principal.viewer, principal.actor);
  const pupil = withPupil.people[0];
  if (pupil) {
    await vigil.complaints.addConsent(complaint.id, { personId: pupil.id, givenBy: 'parent', giverName: 'Hoàng Thị Mai', note: 'Ký vào đơn đồng ý khi nộp đơn' }, principal.viewer, principal.actor);
  }
}
