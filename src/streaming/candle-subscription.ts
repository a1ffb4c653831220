/**
 * One subscriber's candle sequence (hub-subscription.ts). With `since`: first the closed bars from
 * there (cache or REST), then the live stream, joined with no gap and no duplicate. The queue is
 * attached before the history is read, so nothing that happens meanwhile is missed; at the seam,
 * bars already sent are skipped and any still missing are fetched. After the seam, each pull is a
 * plain read of the queue.
 */
import type { Candle } from '../market-data/candle.js';
import type { Interval } from '../market-data/intervals.js';
import type { GatewayError } from '../schema/errors.js';
import { barOpenAtOrAfter, nextOpenTime } from './bar-times.js';
import type { CandleHub } from './candle-hub.js';
import type { ClosedBarFetcher } from './candle-sequencer.js';
import { asIs, HubSubscription } from './hub-subscription.js';
import type { SubscriberQueue } from './subscriber-queue.js';

export type CandleStreamItem = Candle | GatewayError;

export interface CandleSubscriptionOptions {
  /** Called on the first pull: the hub to read from (the caller counts the reference). */
  open(): CandleHub;
  /** Called once when the subscription ends, however it ends. */
  close(): void;
  interval: Interval;
  since: number | undefined;
  loadHistory(since: number): Promise<Candle[]>;
  fetchClosed: ClosedBarFetcher;
}

export type CandleSubscription = HubSubscription<CandleHub, Candle, Candle>;

export function candleSubscription(options: CandleSubscriptionOptions): CandleSubscription {
  const { since } = options;
  return new HubSubscription<CandleHub, Candle, Candle>({
    open: () => options.open(),
    close: () => options.close(),
    intro: since === undefined ? undefined : (hub, queue) => resume(options, hub, queue, since),
    select: asIs,
  });
}

/** History from `since`, then queue items up to and including the first one past the seam. */
async function* resume(
  options: CandleSubscriptionOptions,
  hub: CandleHub,
  queue: SubscriberQueue<Candle>,
  since: number,
): AsyncGenerator<CandleStreamItem> {
  const { interval } = options;
  // Even with no history at all (nothing closed yet, or our clock behind), the seam is checked.
  let expected = barOpenAtOrAfter(interval, since);
  for (const candle of await options.loadHistory(since)) {
    yield candle;
    expected = nextOpenTime(interval, candle.openTime);
  }
  for (const candle of hub.closedSince(expected)) {
    yield candle;
    expected = nextOpenTime(interval, candle.openTime);
  }
  for (;;) {
    const next = await queue.next();
    if (next.done) return;
    const candle = next.value;
    if (candle.openTime < expected) continue;
    if (candle.openTime > expected) yield* await options.fetchClosed(expected, candle.openTime);
    // Past the seam the hub's own sequence is gap-free: the plain queue takes over.
    yield candle;
    return;
  }
}
