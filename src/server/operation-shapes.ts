/**
 * What the front door needs to refuse an operation without executing it: its root fields with the
 * policies they declare (scopes, rate limit), by the operation as the client sent it (query text,
 * variables, operation name: the query cache's key). Recorded when an operation executes
 * (use-operation-shapes.ts) and kept long after a cached answer expires, because a refusal depends on
 * the key, not on the data: a key without the scope, or whose budget is known to be spent, is then
 * refused at the door every time it repeats the request, cached query or mutation alike.
 */
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

  get(key: string): OperationShape | undefined {
    return this.shapes.get(key);
  }

  set(key: string, shape: OperationShape): void {
    this.shapes.set(key, shape);
  }
}
