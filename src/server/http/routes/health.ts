import type { FastifyPluginAsync } from 'fastify';
import { IdParam } from '../../../contract/common.js';
import { HealthQuery } from '../../../contract/health.js';
import { HealthRepository, probeSegmentStream } from '../../repositories/health.js';
import { CameraHealthService } from '../../services/health.js';
import type { Vigil } from '../../vigil.js';
import { authorize } from '../auth.js';
import { parse } from '../validate.js';

/** R8.2: each camera's health over time — bitrate, recorded share, stream, storage — from the segment index. */
export const healthRoutes = (vigil: Vigil): FastifyPluginAsync => async (app) => {
  const health = new CameraHealthService(new HealthRepository(vigil.db), vigil.segments, vigil.config.recordingsDir, probeSegmentStream);

  app.get('/api/cameras/:id/health', { config: { action: 'camera.read' } }, async (req) => {
    const { id } = parse(IdParam, req.params, req);
    const { from, to } = parse(HealthQuery, req.query, req);
    await authorize(vigil, req, 'camera.read', { kind: 'camera', camera: await vigil.cameras.facts(id) });
    const camera = await vigil.cameras.get(id);
    return health.report({ id, createdAt: camera.createdAt }, { fromMs: from, toMs: to }, vigil.now());
  });
};
