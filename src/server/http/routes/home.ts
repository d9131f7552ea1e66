import { shownHealth } from '../../../domain/supervisor-state.js';
import type { FastifyPluginAsync } from 'fastify';
import type { Vigil } from '../../vigil.js';
import { canAtAll } from '../../../domain/policy.js';

const fmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
});
/** dd/MM/yyyy HH:mm:ss in Asia/Ho_Chi_Minh. */
export const formatVn = (ms: number): string => fmt.format(ms).replace(',', '');

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const HEALTH = {
  recording: ['Đang ghi', '#1a7f37'],
  reconnecting: ['Đang kết nối lại', '#bf8700'],
  offline: ['Mất tín hiệu', '#cf222e'],
  disabled: ['Đã tắt', '#57606a'],
} as const;

const DEMO_NOTICE = `<p style="background:#fff8c5;padding:8px;border:1px solid #d4a72c"><b>Bản trình diễn:</b> Ban Giám hiệu và quản trị đăng nhập
không cần xác thực hai lớp; khi chạy thật (<code>vigil serve</code>) thì bắt buộc. <span lang="en">Demo: leadership and admin sign in without
two-factor; <code>vigil serve</code> requires it.</span></p>`;

/** A plain status page until the web app lands: cameras, their state and the disk. */
export const homePage = (vigil: Vigil): FastifyPluginAsync => async (app) => {
  app.get('/', { config: { access: 'public' } }, async (req, reply) => {
    const v = req.viewer;
    if (!v || v.session.stage !== 'ok' || !canAtAll(v.subject, 'camera.read', vigil.now())) {
      return reply.type('text/html; charset=utf-8').send(`<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Vigil</title></head>
<body style="font-family:system-ui,sans-serif;margin:16px"><h1>Vigil</h1><p>Hãy đăng nhập để xem trạng thái camera (POST /api/auth/login).</p>
<p lang="en">Sign in to see the cameras' state (POST /api/auth/login).</p>${vigil.signIn.twoFactorRequired ? '' : DEMO_NOTICE}</body></html>`);
    }
    const visible = await vigil.access.cameraIds(v.subject, 'camera.read');
    const [all, storage] = await Promise.all([vigil.cameras.list(), vigil.storage.usage()]);
    const cameras = all.filter((c) => visible.has(c.id));
    const rows = await Promise.all(cameras.map(async (c) => {
      const state = vigil.recorder?.state(c.id);
      const health = shownHealth(c.enabled, state?.health);
      const [label, color] = HEALTH[health];
      const last = await vigil.segments.latest(c.id);
      const since = state ? formatVn(state.downSinceMs ?? state.sinceMs) : '';
      return `<tr><td>${c.id}</td><td>${esc(c.name)}</td><td>${esc(c.location)}</td><td>${esc(c.ownerUnit.name)}</td>
        <td><b style="color:${color}">${label}</b><br><small>từ ${since}</small>${state?.lastError ? `<br><small>${esc(state.lastError.vi)}</small>` : ''}</td>
        <td>${last ? formatVn(last.endMs) : '—'}</td></tr>`;
    }));
    const gb = (b: number) => (b / 1024 ** 3).toFixed(1);
    const html = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="refresh" content="10"><title>Vigil — Trạng thái ghi hình</title>
<style>body{font-family:system-ui,sans-serif;margin:16px;color:#1f2328}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #d0d7de;padding:6px;text-align:left;vertical-align:top}
.bar{background:#eaeef2;height:14px;border-radius:7px;overflow:hidden;max-width:480px}.bar>div{height:100%;background:${storage.disk.level === 'ok' ? '#1a7f37' : storage.disk.level === 'warning' ? '#bf8700' : '#cf222e'}}</style></head>
<body><h1>Vigil — Trạng thái ghi hình</h1>${vigil.signIn.twoFactorRequired ? '' : DEMO_NOTICE}
<p>Giờ Việt Nam: ${formatVn(vigil.now())}. Trang tự làm mới mỗi 10 giây. Giao diện đầy đủ (xem trực tiếp, xem lại) sẽ có ở bản sau; API ở <code>/api/cameras</code>.</p>
<table><thead><tr><th>#</th><th>Camera</th><th>Vị trí</th><th>Đơn vị quản lý</th><th>Trạng thái</th><th>Đoạn ghi mới nhất</th></tr></thead><tbody>${rows.join('')}</tbody></table>
<h2>Lưu trữ</h2><div class="bar"><div style="width:${Math.min(100, storage.disk.usedPercent)}%"></div></div>
<p>Đã dùng ${storage.disk.usedPercent}% ổ đĩa (${gb(storage.disk.usedBytes)} / ${gb(storage.disk.totalBytes)} GB); dữ liệu ghi hình ${gb(storage.recordings.bytes)} GB trong ${storage.recordings.segments} đoạn.
Thời hạn lưu trữ ${storage.retention.retentionDays} ngày; cảnh báo ở ${storage.retention.warnPercent}%, xóa dữ liệu cũ nhất chưa bị giữ khi vượt ${storage.retention.highWaterPercent}%.</p>
</body></html>`;
    return reply.type('text/html; charset=utf-8').send(html);
  });
};
