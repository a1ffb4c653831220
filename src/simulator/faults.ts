/**
 * Faults and latency that tests switch on per path: a queue of one-shot (or `times`-shot) faults
 * per path, consumed in the order they were injected, and a fixed added latency per path or for
 * every path ('*').
 */

/** What an injected fault does to a request. Without status, body, hang or dropConnection the request proceeds after `delayMs`. */
export interface FaultSpec {
  /** Answer with this HTTP status (the body defaults to a Binance error body that fits it). */
  status?: number;
  body?: unknown;
  /** Sent as the Retry-After header, in seconds. */
  retryAfterSec?: number;
  /** Wait this long before acting (or before handling the request normally). */
  delayMs?: number;
  /** Never answer; the socket stays open until the client gives up or the exchange closes. */
  hang?: boolean;
  /** Destroy the TCP connection without an HTTP answer. */
  dropConnection?: boolean;
  /** How many requests to this path the fault applies to. @default 1 */
  times?: number;
}

interface QueuedFault {
  spec: FaultSpec;
  remaining: number;
}

export class FaultBook {
  private readonly queues = new Map<string, QueuedFault[]>();
  private readonly latencies = new Map<string, number>();

  inject(path: string, spec: FaultSpec): void {
    const times = spec.times ?? 1;
    if (!(times > 0)) throw new RangeError(`inject: times must be > 0, received ${times}`);
    const queue = this.queues.get(path) ?? [];
    queue.push({ spec, remaining: times });
    this.queues.set(path, queue);
  }

  /** The fault for this request to `path`, if any, counting it down. */
  take(path: string): FaultSpec | undefined {
    const queue = this.queues.get(path);
    const head = queue?.[0];
    if (!queue || !head) return undefined;
    head.remaining -= 1;
    if (head.remaining <= 0) queue.shift();
    return head.spec;
  }

  setLatency(path: string, ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`setLatency: ms must be >= 0, received ${ms}`);
    if (ms === 0) this.latencies.delete(path);
    else this.latencies.set(path, ms);
  }

  /** Added latency for `path`: its own setting, else the '*' one. */
  latencyFor(path: string): number {
    return this.latencies.get(path) ?? this.latencies.get('*') ?? 0;
  }

  clear(): void {
    this.queues.clear();
    this.latencies.clear();
  }
}

/** The body Binance would send with this status when the test gave none. */
export function defaultFaultBody(status: number, now: number): { code: number; msg: string } {
  if (status === 429) return { code: -1003, msg: 'Too much request weight used; please use WebSocket Streams for live updates to avoid polling the API.' };
  if (status === 418) return { code: -1003, msg: `Way too much request weight used; IP banned until ${now + 120_000}. Please use WebSocket Streams for live updates to avoid bans.` };
  if (status >= 500) return { code: -1001, msg: 'Internal error; unable to process your request. Please try again.' };
  return { code: -1000, msg: 'An unknown error occurred while processing the request.' };
}
