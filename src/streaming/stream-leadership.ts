/**
 * Which instance holds a stream's upstream subscription: the one holding `stream-lock:<stream>` in
 * the store. Every instance with listeners of the stream tries to take the lock every third of its
 * TTL; the holder's tries renew it. When the holder dies its lock expires and another instance takes
 * over within a TTL; when it lets go on purpose it says so on the channel and a follower takes over
 * at once. With the in-process store there is one instance, and it always holds.
 *
 * A store that does not answer changes nothing: the holder keeps its feed (without the store the
 * others hear nothing anyway) and a follower keeps waiting.
 */
import type { Logger } from '../observability/logger.js';
import type { Locks } from '../store/store.js';

export interface Feed {
  stop(): void;
}

export interface StreamLeadershipOptions {
  store: Locks;
  logger: Logger;
  lockKey: string;
  instanceId: string;
  ttlMs: number;
  /** Starts the upstream feed; called when this instance becomes the holder. */
  startFeed(): Feed;
  /** Called after letting go of the lock on purpose (to tell the followers). */
  onReleased(): Promise<void>;
}

export class StreamLeadership {
  private feed: Feed | undefined;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: StreamLeadershipOptions) {}

  get isHolder(): boolean {
    return this.feed !== undefined;
  }

  /** Tries at once, then every third of the TTL. */
  start(): Promise<void> {
    this.timer = setInterval(() => void this.tryNow(), Math.max(20, Math.floor(this.options.ttlMs / 3)));
    this.timer.unref();
    return this.tryNow();
  }

  /** One try to take (or renew) the lock; concurrent calls share one. */
  tryNow(): Promise<void> {
    this.ticking ??= this.tick().finally(() => {
      this.ticking = undefined;
    });
    return this.ticking;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.ticking;
    if (!this.feed) return;
    this.feed.stop();
    this.feed = undefined;
    try {
      await this.options.store.releaseLock(this.options.lockKey, this.options.instanceId);
      await this.options.onReleased();
    } catch (error) {
      this.options.logger.warn({ err: error, lock: this.options.lockKey }, 'stream lock not released; it will expire');
    }
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    const { store, lockKey, instanceId, ttlMs, logger } = this.options;
    let held: boolean;
    try {
      held = await store.acquireLock(lockKey, instanceId, ttlMs);
    } catch (error) {
      logger.warn({ err: error, lock: lockKey }, 'stream lock check failed; keeping the current role');
      return;
    }
    if (this.stopped) {
      if (held && !this.feed) await store.releaseLock(lockKey, instanceId).catch(() => undefined);
      return;
    }
    if (held && !this.feed) {
      logger.info({ lock: lockKey }, 'holding the upstream stream');
      this.feed = this.options.startFeed();
    } else if (!held && this.feed) {
      logger.warn({ lock: lockKey }, 'lost the stream lock; another instance holds the upstream stream now');
      this.feed.stop();
      this.feed = undefined;
    }
  }
}
