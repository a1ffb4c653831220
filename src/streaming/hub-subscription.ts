/**
 * One subscriber of a relayed stream, as the async iterator the transports pull from. The hub is
 * opened on the first pull (a subscription dropped before it ever started holds nothing), and each
 * pull is then a plain read of the subscriber's queue: with thousands of subscribers, every layer of
 * promises per event shows. Optionally an intro runs first (candles resumed with `since`) and each
 * item is mapped for this subscriber (a book cut to its depth), or skipped where the mapping says
 * nothing changed for it. A contract error (a slow reader, an unrecoverable gap, the exchange failing)
 * is yielded as the last item, so the resolver sends it as a GraphQL error instead of breaking the
 * transport.
 */
import { toContractError } from '../schema/contract-errors.js';
import type { GatewayError } from '../schema/errors.js';
import type { SubscriberQueue } from './subscriber-queue.js';

/** A hub as a subscription sees it. */
export interface AttachableHub<T> {
  attach(): SubscriberQueue<T>;
  detach(queue: SubscriberQueue<T>): void;
}

export interface HubSubscriptionOptions<H extends AttachableHub<T>, T, Out> {
  /** Called on the first pull: the hub to read from (the caller counts the reference). */
  open: () => H;
  /** Called once when the subscription ends, however it ends. */
  close: () => void;
  /** Items to yield before the queue's, given the hub and the queue already attached. */
  intro?: (hub: H, queue: SubscriberQueue<T>) => AsyncGenerator<Out | GatewayError>;
  /** This subscriber's view of an item; undefined skips it. */
  select: (item: T) => Out | undefined;
}

type Result<Out> = IteratorResult<Out | GatewayError>;
const done = { done: true, value: undefined } as const;

export class HubSubscription<H extends AttachableHub<T>, T, Out> implements AsyncIterableIterator<Out | GatewayError> {
  private hub: H | undefined;
  private queue: SubscriberQueue<T> | undefined;
  private intro: AsyncGenerator<Out | GatewayError> | undefined;
  private finished = false;

  constructor(private readonly options: HubSubscriptionOptions<H, T, Out>) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<Result<Out>> {
    if (this.finished) return Promise.resolve(done);
    if (!this.queue) {
      try {
        this.start();
      } catch (error) {
        this.finished = true;
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
    if (this.intro) {
      return this.intro.next().then((result) => {
        if (!result.done) return result;
        this.intro = undefined;
        return this.next();
      }, this.fail);
    }
    return (this.queue as SubscriberQueue<T>).next().then(this.passOn, this.fail);
  }

  return(): Promise<Result<Out>> {
    this.end();
    return Promise.resolve(done);
  }

  private start(): void {
    this.hub = this.options.open();
    this.queue = this.hub.attach();
    this.intro = this.options.intro?.(this.hub, this.queue);
  }

  private readonly passOn = (result: IteratorResult<T>): Result<Out> | Promise<Result<Out>> => {
    if (result.done) {
      this.end();
      return done;
    }
    const value = this.options.select(result.value);
    return value === undefined ? this.next() : { done: false, value };
  };

  /** A contract error becomes the last item; anything else ends the subscription as it is. */
  private readonly fail = (error: unknown): Result<Out> => {
    this.end();
    const contractError = toContractError(error);
    if (!contractError) throw error;
    return { done: false, value: contractError };
  };

  private end(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.queue) this.hub?.detach(this.queue);
    if (this.hub) this.options.close();
  }
}

/** The identity, for subscriptions that yield the hub's items as they are. */
export const asIs = <T>(item: T): T => item;
