/**
 * One instance's end of one relayed stream: it listens to the stream's channel (whoever holds the
 * upstream publishes there, this instance included) and hands what it makes of the messages to every
 * local subscriber's queue. What a message means, and what a new subscriber gets first, is the kind's
 * own (CandleHub, BookHub, TradeHub, TickerHub); the channel, the queues and their ends are here.
 */
import type { Logger } from '../observability/logger.js';
import type { GatewayError } from '../schema/errors.js';
import type { PubSub } from '../store/store.js';
import { isReleasedMessage, parseChannelMessage } from './relay-messages.js';
import { SubscriberQueue, type QueuePolicy } from './subscriber-queue.js';

export interface ChannelHubOptions<T> {
  stream: string;
  channel: string;
  store: PubSub;
  logger: Logger;
  policy: QueuePolicy<T>;
  /** A holder let go of the upstream stream on purpose. */
  onReleased: () => void;
}

/** What every market hub of a symbol is built with (the queue policy is each kind's own). */
export type SymbolHubOptions = Omit<ChannelHubOptions<never>, 'policy'> & { symbol: string };

export abstract class ChannelHub<T> {
  private readonly subscribers = new Set<SubscriberQueue<T>>();
  private unsubscribe: (() => Promise<void>) | undefined;

  constructor(protected readonly hub: ChannelHubOptions<T>) {}

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** Starts listening on the stream's channel. */
  async listen(): Promise<void> {
    this.unsubscribe = await this.hub.store.subscribe(this.hub.channel, (raw) => {
      const message = parseChannelMessage(raw);
      if (!message) return;
      if (isReleasedMessage(message)) this.hub.onReleased();
      else this.receive(message);
    });
  }

  /** A queue for a new subscriber, starting with what the kind gives a newcomer. */
  attach(): SubscriberQueue<T> {
    const queue = new SubscriberQueue<T>(this.hub.policy, (failed, error) => {
      this.subscribers.delete(failed);
      const why = error.code === 'SLOW_CONSUMER' ? 'too far behind' : error.message;
      this.hub.logger.warn({ stream: this.hub.stream, code: error.code }, `subscriber ended: ${why}`);
    });
    for (const item of this.firstItems()) queue.push(item);
    this.subscribers.add(queue);
    return queue;
  }

  detach(queue: SubscriberQueue<T>): void {
    this.subscribers.delete(queue);
    queue.end();
  }

  /** Ends every subscriber with `error` (each gets it as its last item). */
  failAll(error: GatewayError): void {
    for (const queue of this.subscribers) queue.fail(error);
  }

  async close(): Promise<void> {
    this.onClose();
    for (const queue of this.subscribers) queue.end();
    this.subscribers.clear();
    await this.unsubscribe?.().catch(() => undefined);
  }

  /** One message of the channel (not a `released` notice). */
  protected abstract receive(message: Record<string, unknown>): void;

  /** What a new subscriber gets at once. */
  protected firstItems(): readonly T[] {
    return [];
  }

  protected onClose(): void {}

  protected deliver(item: T): void {
    for (const queue of this.subscribers) queue.push(item);
  }
}
