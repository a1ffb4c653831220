/**
 * When each client key was last used (ApiKey.lastUsedAt), recorded off the request path: a
 * request only notes the time in memory (touch, a Map lookup); a timer writes the noted times to the
 * store, at most once a minute per key and instance, so a busy key costs one store write a minute,
 * not one per request.
 */
import type { Logger } from '../observability/logger.js';
import type { RecordCollections } from '../store/store.js';
import { apiKeyUsageCollection } from './stored-api-key.js';

/** A key's use is written again only this long after the last write. */
export const usageWriteIntervalMs = 60_000;

export class KeyUsage {
  /** Uses noted and not yet written: id → epoch ms. */
  private readonly pending = new Map<string, number>();
  /** When this instance last wrote each key's use (or read it from the store). */
  private readonly written = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: RecordCollections,
    private readonly logger: Logger,
    /** How often noted uses are written. @default 5000 */
    private readonly flushIntervalMs = 5_000,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), this.flushIntervalMs);
    this.timer.unref();
  }

  /** Notes a use; cheap enough for every request. */
  touch(id: string, now: number): void {
    if (now - (this.written.get(id) ?? 0) < usageWriteIntervalMs || this.pending.has(id)) return;
    this.pending.set(id, now);
  }

  /** Last use of each id, as far as this instance knows (the store's figure or a newer one noted here). */
  async lastUsed(ids: readonly string[]): Promise<(number | null)[]> {
    const stored: (string | null)[] = [];
    for (let i = 0; i < ids.length; i += 1000) stored.push(...(await this.store.readRecords(apiKeyUsageCollection, ids.slice(i, i + 1000))));
    return ids.map((id, i) => {
      const times = [Number(stored[i] ?? Number.NaN), this.pending.get(id) ?? Number.NaN, this.written.get(id) ?? Number.NaN].filter(Number.isFinite);
      return times.length === 0 ? null : Math.max(...times);
    });
  }

  /** Writes every noted use. A failed write is noted again for the next flush. */
  async flush(): Promise<void> {
    const uses = [...this.pending];
    this.pending.clear();
    await Promise.all(
      uses.map(async ([id, at]) => {
        this.written.set(id, at);
        try {
          await this.store.writeRecord(apiKeyUsageCollection, id, String(at));
        } catch (error) {
          this.written.delete(id);
          if (!this.pending.has(id)) this.pending.set(id, at);
          this.logger.debug({ err: error, keyId: id }, 'could not record an API key use; will try again');
        }
      }),
    );
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush().catch(() => undefined);
  }
}
