/**
 * What the fake exchange saw: every REST request with its parameters, weight and status, plus
 * per-path counters. The log keeps the newest entries only (benchmarks send millions of requests);
 * the counters are exact.
 */

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: Record<string, string>;
  /** Exchange-clock time of arrival. */
  at: number;
  /** Weight charged (0 until admitted, and for faults). */
  weight: number;
  /** HTTP status answered; 0 while (or if never) answered. */
  status: number;
}

const MAX_ENTRIES = 100_000;

export class RequestLog {
  /** Kept as one array for the exchange's lifetime, so tests may hold on to it. */
  readonly entries: LoggedRequest[] = [];
  private readonly counts = new Map<string, number>();
  private total = 0;

  record(entry: LoggedRequest): LoggedRequest {
    this.total += 1;
    this.counts.set(entry.path, (this.counts.get(entry.path) ?? 0) + 1);
    if (this.entries.length >= MAX_ENTRIES) this.entries.splice(0, MAX_ENTRIES / 10);
    this.entries.push(entry);
    return entry;
  }

  count(path?: string): number {
    return path === undefined ? this.total : (this.counts.get(path) ?? 0);
  }

  reset(): void {
    this.entries.length = 0;
    this.counts.clear();
    this.total = 0;
  }
}
