/**
 * The relayed streams of one kind on this instance (candles, books, trades, tickers): one hub per
 * stream however many subscribers it has, kept a grace period after the last one leaves
 * (shared-pool.ts). Each hub takes part in the election of the instance that holds the upstream
 * stream (stream-leadership.ts); the holder runs the feed that publishes on the stream's channel, and
 * every hub, the holder's own included, delivers from there. With the in-process store there is one
 * instance, and it always holds.
 */
import type { Logger } from '../observability/logger.js';
import type { GatewayError } from '../schema/errors.js';
import type { Locks, PubSub } from '../store/store.js';
import { releasedMessage, streamLockKey } from './relay-messages.js';
import { SharedPool } from './shared-pool.js';
import { StreamLeadership, type Feed } from './stream-leadership.js';

/** What the registry needs of a hub. */
export interface RelayHub {
  listen(): Promise<void>;
  close(): Promise<void>;
  failAll(error: GatewayError): void;
  readonly subscriberCount: number;
}

/** One relayed stream: how to build its hub and, on the holder, its feed. */
export interface RelaySpec<H extends RelayHub> {
  /** The upstream stream's name: the pool key, and the lock's. */
  stream: string;
  channel: string;
  /** The hub; it calls `onReleased` when the channel says a holder let go. */
  createHub: (onReleased: () => void) => H;
  /** The upstream feed, started when this instance becomes the holder. */
  startFeed: (hub: H) => Feed;
  /** Runs once the hub listens, beside the first election (e.g. reading the newest state). */
  prepare?: (hub: H) => Promise<void>;
  /** What the hub's subscribers are ended with when the stream cannot start. */
  startFailure: () => GatewayError;
}

export interface RelayedStreamsDeps {
  store: Locks & PubSub;
  /** This instance's name in the stream locks. */
  instanceId: string;
  lockTtlMs: number;
  graceMs: number;
  logger: Logger;
}

/** A hub held by one user, and the function that gives it back, once. */
export interface HubLease<H> {
  hub: H;
  release: () => void;
}

class RelayedStream<H extends RelayHub> {
  readonly hub: H;
  readonly leadership: StreamLeadership;
  /** Resolves once the hub listens and the election has run once. */
  readonly ready: Promise<void>;

  constructor(spec: RelaySpec<H>, deps: RelayedStreamsDeps, previousClosed: Promise<void>, onFailed: () => void) {
    const { store, logger } = deps;
    const log = logger.child({ stream: spec.stream });
    const hub = spec.createHub(() => void this.leadership.tryNow());
    this.hub = hub;
    this.leadership = new StreamLeadership({
      store,
      logger: log,
      lockKey: streamLockKey(spec.stream),
      instanceId: deps.instanceId,
      ttlMs: deps.lockTtlMs,
      onReleased: () => store.publish(spec.channel, releasedMessage),
      startFeed: () => spec.startFeed(hub),
    });
    this.ready = previousClosed.then(async () => {
      await hub.listen();
      await Promise.all([spec.prepare?.(hub), this.leadership.start()]);
    });
    this.ready.catch((error: unknown) => {
      // Without its channel the hub would never hear anything: its subscribers end, the next ones start afresh.
      log.error({ err: error }, 'relayed stream did not start');
      hub.failAll(spec.startFailure());
      onFailed();
    });
  }

  async close(): Promise<void> {
    await this.ready.catch(() => undefined);
    await this.leadership.stop();
    await this.hub.close();
  }
}

export class RelayedStreams<H extends RelayHub> {
  private readonly pool: SharedPool<RelayedStream<H>>;

  constructor(private readonly deps: RelayedStreamsDeps) {
    this.pool = new SharedPool(deps.graceMs);
  }

  /** The stream's hub on this instance (started when absent), held until the lease is released. */
  acquire(spec: RelaySpec<H>): HubLease<H> {
    const entry: RelayedStream<H> = this.pool.acquire(
      spec.stream,
      (previousClosed) => new RelayedStream(spec, this.deps, previousClosed, () => void this.pool.discard(spec.stream, entry)),
    );
    let held = true;
    return {
      hub: entry.hub,
      release: () => {
        if (!held) return;
        held = false;
        this.pool.release(spec.stream, entry);
      },
    };
  }

  /** The stream's hub if this instance has one, without holding it. */
  peek(stream: string): H | undefined {
    return this.pool.peek(stream)?.hub;
  }

  /** Hubs, their subscribers, and the streams this instance holds upstream (tests, benchmarks). */
  stats(): { streams: number; subscribers: number; holding: number } {
    let subscribers = 0;
    let holding = 0;
    for (const entry of this.pool.values()) {
      subscribers += entry.hub.subscriberCount;
      if (entry.leadership.isHolder) holding++;
    }
    return { streams: this.pool.size, subscribers, holding };
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
