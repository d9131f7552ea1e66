import { z } from 'zod';

/** A time given as epoch milliseconds or an ISO 8601 string (with its offset). */
export const Instant = z.union(
  [
    z.coerce.number().int().min(0).max(8_640_000_000_000),
    z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)),
  ],
  { error: 'time.format' },
);

export const IdParam = z.object({ id: z.coerce.number().int().positive() });

export const TimeRangeQuery = z
  .object({ from: Instant, to: Instant })
  .refine((r) => r.to > r.from, { message: 'range.order', path: ['to'] });
