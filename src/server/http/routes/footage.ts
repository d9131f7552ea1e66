import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { IdParam, TimeRangeQuery } from '../../../contract/common.js';
import type { Vigil } from '../../vigil.js';
import { parse } from '../validate.js';

export const footageRoutes = (vigil: Vigil): FastifyPluginAsync => async (app) => {
  /** Recorded spans and gaps of a camera over a range (fast over 90 days: spans are pre-merged). */
  app.get('/api/cameras/:id/timeline', async (req) => {
    const { id } = parse(IdParam, req.params, req);
    const { from, to } = parse(TimeRangeQuery, req.query, req);
    await vigil.cameras.get(id);
    return vigil.footage.timeline(id, { startMs: from, endMs: to });
  });

  /** One playable MP4 of (camera, from, to), cut at keyframes, without re-encoding. */
  app.get('/api/cameras/:id/clip', async (req, reply) => {
    const { id } = parse(IdParam, req.params, req);
    const { from, to } = parse(TimeRangeQuery, req.query, req);
    await vigil.cameras.get(id);
    const clip = await vigil.footage.clip(id, { startMs: from, endMs: to });
    const stream = createReadStream(clip.file);
    stream.on('close', () => void clip.dispose());
    return reply
      .header('Content-Type', 'video/mp4')
      .header('Content-Disposition', `attachment; filename="${basename(clip.file)}"`)
      .send(stream);
  });
};
