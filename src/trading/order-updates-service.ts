/**
 * Subscription.orderUpdates behind the schema: each key's updates travel on its own channel per mode,
 * `order-updates:<MODE>:<keyId>`, published by whichever instance made the change (paper: the one
 * that placed, canceled or matched; live: the one holding the account's user data stream), so every
 * instance with subscribers of that key hears them (pub/sub: in-process or Redis). One hub per
 * channel on this instance serves all of that key's subscribers (channel-hub.ts), kept a grace period
 * after the last one leaves; each subscriber has its own bounded queue: updates are never replaced,
 * and one that lets too many pile up is ended with SLOW_CONSUMER, as candle subscribers are.
 */
import type { Logger } from '../observability/logger.js';
import { SlowOrderUpdatesConsumerError, type GatewayError } from '../schema/errors.js';
import type { PubSub } from '../store/store.js';
import { ChannelHub } from '../streaming/channel-hub.js';
import { asIs, HubSubscription } from '../streaming/hub-subscription.js';
import { SharedPool } from '../streaming/shared-pool.js';
import type { QueuePolicy } from '../streaming/subscriber-queue.js';
import type { TradeMode } from './order.js';
import { decodeOrderUpdate, type OrderUpdate } from './order-update.js';

export const orderUpdatesChannel = (mode: TradeMode, keyId: string): string => `order-updates:${mode}:${keyId}`;

function updatePolicy(maxPending: number): QueuePolicy<OrderUpdate> {
  return {
    replaces: () => false,
    bound: { counts: () => true, max: maxPending, overflow: (pending) => new SlowOrderUpdatesConsumerError(pending) },
  };
}

class OrderUpdateHub extends ChannelHub<OrderUpdate> {
  protected receive(message: Record<string, unknown>): void {
    const update = decodeOrderUpdate(message);
    if (update) this.deliver(update);
  }
}

export interface OrderUpdatesServiceDeps {
  store: PubSub;
  logger: Logger;
  /** How long a key's hub stays after its last subscriber left, ms. */
  graceMs: number;
  /** Updates a subscriber may leave unread before it is ended (STREAM_MAX_PENDING_CLOSED). */
  maxPending: number;
}

export type OrderUpdateSubscription = AsyncIterableIterator<OrderUpdate | GatewayError>;

export class OrderUpdatesService {
  private readonly hubs: SharedPool<{ hub: OrderUpdateHub; ready: Promise<void>; close(): Promise<void> }>;

  constructor(private readonly deps: OrderUpdatesServiceDeps) {
    this.hubs = new SharedPool(deps.graceMs);
  }

  /** Sends committed updates of `keyId`'s orders, in order, to every instance's subscribers. */
  async publish(mode: TradeMode, keyId: string, updates: readonly OrderUpdate[]): Promise<void> {
    const channel = orderUpdatesChannel(mode, keyId);
    for (const update of updates) {
      try {
        await this.deps.store.publish(channel, JSON.stringify(update));
      } catch (error) {
        // The change is committed; only its announcement is lost (the orders themselves say what happened).
        this.deps.logger.warn({ err: error, keyId, event: update.event, clientOrderId: update.order.clientOrderId }, 'order update not published');
      }
    }
  }

  /** The key's updates in `mode` from now on. Resolves once this instance listens, so nothing published after is missed. */
  async subscribe(mode: TradeMode, keyId: string): Promise<OrderUpdateSubscription> {
    const channel = orderUpdatesChannel(mode, keyId);
    const entry = this.hubs.acquire(channel, (previousClosed) => {
      const hub = new OrderUpdateHub({
        stream: channel,
        channel,
        store: this.deps.store,
        logger: this.deps.logger,
        policy: updatePolicy(this.deps.maxPending),
        onReleased: () => undefined,
      });
      const ready = previousClosed.then(() => hub.listen());
      return { hub, ready, close: () => hub.close() };
    });
    try {
      await entry.ready;
    } catch (error) {
      this.hubs.release(channel, entry);
      void this.hubs.discard(channel, entry);
      throw error;
    }
    // Attached now, not at the first pull: an update committed right after the subscription is
    // answered must reach it. (One never pulled is ended by its bound, as a slow reader would be.)
    const queue = entry.hub.attach();
    const attached = { attach: () => queue, detach: (q: typeof queue) => entry.hub.detach(q) };
    let held = true;
    return new HubSubscription<typeof attached, OrderUpdate, OrderUpdate>({
      open: () => attached,
      close: () => {
        if (!held) return;
        held = false;
        this.hubs.release(channel, entry);
      },
      select: asIs,
    });
  }

  /** Subscribers of the key's updates in `mode` on this instance (tests, metrics). */
  subscriberCount(mode: TradeMode, keyId: string): number {
    return this.hubs.peek(orderUpdatesChannel(mode, keyId))?.hub.subscriberCount ?? 0;
  }

  close(): Promise<void> {
    return this.hubs.close();
  }
}
