/**
 * An async iterator around another that reports each value and its end (once, however it ends:
 * done, return(), an error, or end()), and that can be ended from outside.
 *
 * Why not an async generator: a generator's return() waits until its pending await settles, i.e.
 * until the source's next event, which may never come. end() here resolves a pending next() with
 * done at once, so the transport (SSE, graphql-ws) sends its proper completion immediately.
 */

export interface IteratorHooks<T> {
  onNext?(value: T): void;
  /** Called once when the iteration ends; `error` when the source threw. */
  onEnd?(error?: unknown): void;
}

const doneResult = { done: true, value: undefined } as const;

export class EndableIterator<T> implements AsyncIterableIterator<T> {
  private readonly source: AsyncIterator<T>;
  private finished = false;
  /** Resolves the pending next() (with done) when the iteration is ended from outside. */
  private wakeNext: ((result: IteratorResult<T>) => void) | undefined;
  /** A last value to deliver after the end (endWith), when no next() was waiting for it. */
  private last: { value: T } | undefined;

  constructor(
    iterable: AsyncIterable<T>,
    private readonly hooks: IteratorHooks<T> = {},
  ) {
    this.source = iterable[Symbol.asyncIterator]();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<T>> {
    if (this.finished) {
      const last = this.last;
      this.last = undefined;
      return last ? { done: false, value: last.value } : doneResult;
    }
    try {
      // Not Promise.race with a promise that settles only at the end: every race would leave a
      // reaction on it holding its result, i.e. every event of the subscription (a leak).
      const pending = this.source.next();
      const result = await new Promise<IteratorResult<T>>((resolve, reject) => {
        this.wakeNext = resolve;
        pending.then(resolve, reject);
      });
      this.wakeNext = undefined;
      if (result.done) this.finish();
      else this.hooks.onNext?.(result.value);
      return result;
    } catch (error) {
      this.finish(error);
      throw error;
    }
  }

  async return(): Promise<IteratorResult<T>> {
    this.finish();
    this.wakeNext?.(doneResult);
    await this.source.return?.();
    return doneResult;
  }

  async throw(error: unknown): Promise<IteratorResult<T>> {
    this.finish(error);
    this.wakeNext?.(doneResult);
    if (this.source.throw) return this.source.throw(error);
    throw error;
  }

  /**
   * Ends the iteration now: a pending or later next() resolves done, and the source is asked to
   * return (not awaited: a source waiting for an event it will never get must not hold this up).
   */
  end(): void {
    if (this.finished) return;
    this.finish();
    this.wakeNext?.(doneResult);
    Promise.resolve(this.source.return?.()).catch(() => undefined);
  }

  /**
   * Ends the iteration as end() does, after one last value (an error result saying why, say): a
   * pending next() gets it at once, otherwise the next call does; then done.
   */
  endWith(value: T): void {
    if (this.finished) return;
    this.finish();
    const wake = this.wakeNext;
    this.wakeNext = undefined;
    if (wake) wake({ done: false, value });
    else this.last = { value };
    Promise.resolve(this.source.return?.()).catch(() => undefined);
  }

  private finish(error?: unknown): void {
    if (this.finished) return;
    this.finished = true;
    this.hooks.onEnd?.(error);
  }
}
