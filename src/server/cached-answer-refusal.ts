/**
 * The answer to an operation the front door refuses (a root field the key has no scope for, or a
 * spent budget), shaped as executing it would have been: one error per refused root field, with its
 * location and path; `data` null when a refused field is non-null, otherwise the data (the cached
 * answer's, when only some root fields of a cached query were refused) with the refused fields null.
 */
import type { CachedRootField } from './query-result-cache.js';

export interface Refusal {
  field: CachedRootField;
  code: 'FORBIDDEN' | 'RATE_LIMITED';
  message: string;
  /** RATE_LIMITED: whole seconds until a call is admitted again. */
  retryAfter?: number;
}

/** `payload`: the cached answer, needed only when some root fields were not refused. */
export function refusalBody(refusals: readonly Refusal[], payload?: Buffer): Buffer {
  const errors = refusals.map(({ field, code, message, retryAfter }) => ({
    message,
    ...(field.location && { locations: [field.location] }),
    path: [field.responseKey],
    extensions: { code, ...(retryAfter !== undefined && { retryAfter }) },
  }));
  let data: Record<string, unknown> | null = null;
  if (!refusals.some((refusal) => refusal.field.nonNull)) {
    // Only nullable fields were refused: the others' data stands, as execution would have left it.
    data = payload ? (JSON.parse(payload.toString('utf8')) as { data: Record<string, unknown> }).data : {};
    for (const refusal of refusals) data[refusal.field.responseKey] = null;
  }
  return Buffer.from(JSON.stringify({ errors, data }));
}
