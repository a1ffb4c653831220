/**
 * Knows every open GraphQL subscription, whatever its transport: counts them (the
 * gateway_subscriptions_active gauge); ends those over SSE whose API key is revoked or expires, with
 * an UNAUTHENTICATED error result, within `revocationCheckMs` of the key directory learning of it; and,
 * at shutdown, ends them all so that each client gets its transport's proper completion (SSE:
 * `event: complete` and the end of the response; graphql-ws: a `complete` message per
 * subscription) rather than a cut connection.
 */
import type { ExecutionResult } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { UnauthenticatedError } from '../schema/errors.js';
import { EndableIterator } from './endable-iterator.js';
import type { GatewayMetrics } from '../observability/metrics.js';

export type SubscriptionTransport = 'http' | 'ws';

/** The transport a subscription came over: graphql-ws contexts carry connectionParams. */
export function transportOf(context: object): SubscriptionTransport {
  return 'connectionParams' in context && context.connectionParams !== undefined ? 'ws' : 'http';
}

export interface SubscriptionTrackerOptions {
  /** Whether the key with this id is still admitted (key-directory.ts); checked for every open subscription. */
  keyIsActive?: (keyId: string) => boolean;
  /** How often open subscriptions' keys are checked, ms. @default 250 */
  revocationCheckMs?: number;
}

interface Tracked {
  iterator: EndableIterator<ExecutionResult>;
  keyId: string | undefined;
  transport: SubscriptionTransport;
}

export class SubscriptionTracker {
  private readonly active = new Set<Tracked>();
  private closing = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly metrics: GatewayMetrics,
    private readonly options: SubscriptionTrackerOptions = {},
  ) {}

  /** Open subscriptions now. */
  get size(): number {
    return this.active.size;
  }

  /** The Yoga plugin that puts every subscription's result stream under this tracker. */
  plugin(): Plugin {
    return {
      onSubscribe: ({ args }) => ({
        onSubscribeResult: ({ result, setResult }) => {
          const context = args.contextValue as { viewer?: { id: string } | null };
          if (isAsyncIterable(result)) setResult(this.track(result, transportOf(context), context.viewer?.id));
        },
      }),
    };
  }

  track(source: AsyncIterable<ExecutionResult>, transport: SubscriptionTransport, keyId?: string): EndableIterator<ExecutionResult> {
    const gauge = this.metrics.subscriptionsActive;
    const tracked: Tracked = {
      keyId,
      transport,
      iterator: new EndableIterator(source, {
        onEnd: () => {
          this.active.delete(tracked);
          gauge.dec({ transport });
          if (this.active.size === 0) this.stopChecking();
        },
      }),
    };
    this.active.add(tracked);
    gauge.inc({ transport });
    // A subscription that starts while the gateway shuts down completes at once.
    if (this.closing) tracked.iterator.end();
    else this.startChecking();
    return tracked.iterator;
  }

  /** Ends every open subscription (and any that starts from now on) with a proper completion. */
  completeAll(): void {
    this.closing = true;
    this.stopChecking();
    for (const { iterator } of [...this.active]) iterator.end();
  }

  /**
   * Ends, with UNAUTHENTICATED, every SSE subscription whose key is no longer admitted. WebSocket
   * ones end with their connection, which the WebSocket transport closes with 4403 (websocket.ts):
   * ending them here first would let a client close the connection itself before it hears why.
   */
  endRevoked(): void {
    const { keyIsActive } = this.options;
    if (!keyIsActive) return;
    for (const { iterator, keyId, transport } of [...this.active]) {
      if (transport === 'ws' || keyId === undefined || keyIsActive(keyId)) continue;
      iterator.endWith({ errors: [new UnauthenticatedError('This API key has been revoked or has expired; the subscription ended.')] });
    }
  }

  private startChecking(): void {
    if (this.timer || !this.options.keyIsActive) return;
    this.timer = setInterval(() => this.endRevoked(), this.options.revocationCheckMs ?? 250);
    this.timer.unref();
  }

  private stopChecking(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
