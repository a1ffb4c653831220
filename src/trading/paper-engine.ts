/**
 * Runs paper matching for every symbol that has open paper orders, on exactly one instance per
 * symbol, whether or not any client is connected. Every instance follows the resting index
 * (paper-resting-index.ts); for each symbol with pointers it takes part in the election of the
 * instance that matches it, with the machinery of the relayed streams (relayed-streams.ts: a lock in
 * the store renewed by the holder, taken over within a TTL when the holder dies, at once when it lets
 * go on purpose), and the holder runs the symbol's matcher (paper-matcher.ts). A symbol left with no
 * open order is let go after the grace period, and with it the trade and book streams it followed.
 */
import type { GatewayError } from '../schema/errors.js';
import { UpstreamUnavailableError } from '../schema/errors.js';
import type { KeyValueStore, Locks, PubSub } from '../store/store.js';
import { ChannelHub } from '../streaming/channel-hub.js';
import { RelayedStreams, type HubLease } from '../streaming/relayed-streams.js';
import { latestOnly } from '../streaming/subscriber-queue.js';
import { PaperMatcher, type PaperMatcherDeps } from './paper-matcher.js';
import type { PaperRestingIndex } from './paper-resting-index.js';

/** The hub of a matching "stream": it only listens for a holder letting go; nobody subscribes to it. */
class MatchingHub extends ChannelHub<never> {
  matcher: PaperMatcher | undefined;

  protected receive(): void {}
}

export interface PaperEngineDeps extends Omit<PaperMatcherDeps, 'symbol' | 'index' | 'store'> {
  index: PaperRestingIndex;
  store: KeyValueStore & Locks & PubSub;
  instanceId: string;
  lockTtlMs: number;
  graceMs: number;
}

export const matchingStream = (symbol: string): string => `paper-engine:${symbol}`;

export class PaperEngine {
  private readonly streams: RelayedStreams<MatchingHub>;
  private readonly leases = new Map<string, HubLease<MatchingHub>>();
  private stopIndex: (() => void) | undefined;

  constructor(private readonly deps: PaperEngineDeps) {
    const { store, instanceId, lockTtlMs, graceMs, logger } = deps;
    this.streams = new RelayedStreams({ store, instanceId, lockTtlMs, graceMs, logger: logger.child({ component: 'paper-engine' }) });
  }

  /** Loads the index and starts matching what it lists. */
  async start(): Promise<void> {
    this.stopIndex = this.deps.index.onChange((symbol) => this.reconsider(symbol));
    await this.deps.index.start();
    for (const symbol of this.deps.index.symbols()) this.reconsider(symbol);
  }

  /** Symbols this instance matches now (tests, metrics). */
  matching(): string[] {
    return [...this.leases.keys()].filter((symbol) => this.streams.peek(matchingStream(symbol))?.matcher !== undefined);
  }

  async close(): Promise<void> {
    this.stopIndex?.();
    for (const lease of this.leases.values()) lease.release();
    this.leases.clear();
    await this.streams.close();
    await this.deps.index.stop();
  }

  private reconsider(symbol: string): void {
    const open = this.deps.index.pointers(symbol).length > 0;
    const lease = this.leases.get(symbol);
    if (open && !lease) this.leases.set(symbol, this.streams.acquire(this.spec(symbol)));
    else if (!open && lease) {
      this.leases.delete(symbol);
      lease.release();
    }
    this.streams.peek(matchingStream(symbol))?.matcher?.pointersChanged();
  }

  private spec(symbol: string) {
    const stream = matchingStream(symbol);
    const { store, logger } = this.deps;
    const log = logger.child({ component: 'paper-engine', symbol });
    return {
      stream,
      channel: stream,
      createHub: (onReleased: () => void) => new MatchingHub({ stream, channel: stream, store, logger: log, policy: latestOnly, onReleased }),
      startFeed: (hub: MatchingHub) => {
        const matcher = new PaperMatcher({ ...this.deps, symbol, logger: log });
        hub.matcher = matcher;
        matcher.start();
        return {
          stop: () => {
            hub.matcher = undefined;
            matcher.stop();
          },
        };
      },
      startFailure: (): GatewayError => new UpstreamUnavailableError('Paper matching could not start.'),
    };
  }
}
