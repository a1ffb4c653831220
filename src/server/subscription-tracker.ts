/**
 * Knows every open GraphQL subscription, whatever its transport: counts them (the
 * gateway_subscriptions_active gauge) and, at shutdown, ends them all so that each client gets
 * its transport's proper completion (SSE: `event: complete` and the end of the response;
 * graphql-ws: a `complete` message per subscription) rather than a cut connection.
 */
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { EndableIterator } from './endable-iterator.js';
import type { GatewayMetrics } from '../observability/metrics.js';

export type SubscriptionTransport = 'http' | 'ws';

/** The transport a subscription came over: graphql-ws contexts carry connectionParams. */
export function transportOf(context: object): SubscriptionTransport {
  return 'connectionParams' in context && context.connectionParams !== undefined ? 'ws' : 'http';
}

export class SubscriptionTracker {
  private readonly active = new Set<{ end(): void }>();
  private closing = false;

  constructor(private readonly metrics: GatewayMetrics) {}

  /** Open subscriptions now. */
  get size(): number {
    return this.active.size;
  }

  /** The Yoga plugin that puts every subscription's result stream under this tracker. */
  plugin(): Plugin {
    return {
      onSubscribe: ({ args }) => ({
        onSubscribeResult: ({ result, setResult }) => {
          if (isAsyncIterable(result)) setResult(this.track(result, transportOf(args.contextValue as object)));
        },
      }),
    };
  }

  track<T>(source: AsyncIterable<T>, transport: SubscriptionTransport): EndableIterator<T> {
    const gauge = this.metrics.subscriptionsActive;
    const iterator: EndableIterator<T> = EndableIterator.around(source, {
      onEnd: () => {
        this.active.delete(iterator);
        gauge.dec({ transport });
      },
    });
    this.active.add(iterator);
    gauge.inc({ transport });
    // A subscription that starts while the gateway shuts down completes at once.
    if (this.closing) iterator.end();
    return iterator;
  }

  /** Ends every open subscription (and any that starts from now on) with a proper completion. */
  completeAll(): void {
    this.closing = true;
    for (const iterator of [...this.active]) iterator.end();
  }
}
