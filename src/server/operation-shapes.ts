/**
 * What the front door needs to refuse an operation without executing it: its root fields with the
 * policies they declare (scopes, rate limit), by the operation as the client sent it (query text,
 * variables, operation name: the query cache's key). Recorded when an operation executes
 * (use-operation-shapes.ts) and kept long after a cached answer expires, because a refusal depends on
 * the key, not on the data: a key without the scope, or whose budget is known to be spent, is then
 * refused at the door every time it repeats the request, cached query or mutation alike.
 *
 * Nothing a request carried is kept: entries are found by the SHA-256 of the operation's key (its
 * variables may hold secrets: setExchangeCredentials), and of each field's arguments only those
 * that key its budget (identityArgs) are kept, which is all a refusal reads.
 */
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { CachedRootField } from './query-result-cache.js';

export interface OperationShape {
  operationName: string | undefined;
  operationType: 'query' | 'mutation';
  rootFields: readonly CachedRootField[];
}

export interface OperationShapesOptions {
  /** @default 5000 */
  maxEntries?: number;
  /** @default 10 minutes */
  ttlMs?: number;
}

export class OperationShapes {
  private readonly shapes: LRUCache<string, OperationShape>;

  constructor(options: OperationShapesOptions = {}) {
    this.shapes = new LRUCache({ max: options.maxEntries ?? 5000, ttl: options.ttlMs ?? 10 * 60_000 });
  }

  /** `key`: the operation's query cache key (queryCacheKey). */
  get(key: string): OperationShape | undefined {
    return this.shapes.get(digest(key));
  }

  has(key: string): boolean {
    return this.shapes.has(digest(key));
  }

  set(key: string, shape: OperationShape): void {
    const rootFields = shape.rootFields.map((field) => ({ ...field, args: budgetArgs(field) }));
    this.shapes.set(digest(key), { ...shape, rootFields });
  }
}

function digest(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('base64');
}

/** The arguments that key the field's budget (its identityArgs), the only ones a refusal reads. */
function budgetArgs(field: CachedRootField): Record<string, unknown> {
  const names = field.policy?.rateLimit?.identityArgs ?? [];
  return Object.fromEntries(names.filter((name) => name in field.args).map((name) => [name, field.args[name]]));
}
