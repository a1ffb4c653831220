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
  private readonly hooks: IteratorHooks<T>[];

  constructor(iterable: AsyncIterable<T>, hooks: IteratorHooks<T> = {}) {
    this.source = iterable[Symbol.asyncIterator]();
    this.hooks = [hooks];
  }

  /**
   * `source` with `hooks` reporting its values and end: the source itself when it is already an
   * EndableIterator still running (one more layer of promises per value saved: the operation log
   * and the subscription tracker both follow every subscription), else a new one around it.
   */
  static around<T>(source: AsyncIterable<T>, hooks: IteratorHooks<T>): EndableIterator<T> {
    if (source instanceof EndableIterator && !source.finished) {
      (source as EndableIterator<T>).hooks.push(hooks);
      return source as EndableIterator<T>;
    }
    return new EndableIterator(source, hooks);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /**
   * Two promises per value (ours and the source's), no async function: with thousands of
   * subscribers every promise per event shows in the profile (bench/RESULTS.md).
   */
  next(): Promise<IteratorResult<T>> {
    if (this.finished) {
      const last = this.last;
      this.last = undefined;
      return Promise.resolve(last ? { done: false, value: last.value } : doneResult);
    }
    let pending: Promise<IteratorResult<T>>;
    try {
      pending = this.source.next();
    } catch (error) {
      this.finish(error);
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    // Not Promise.race with a promise that settles only at the end: every race would leave a
    // reaction on it holding its result, i.e. every event of the subscription (a leak).
    return new Promise<IteratorResult<T>>((resolve, reject) => {
      this.wakeNext = resolve;
      pending.then(
        (result) => {
          this.wakeNext = undefined;
          if (this.finished) return resolve(doneResult);
          if (result.done) this.finish();
          else for (const hooks of this.hooks) hooks.onNext?.(result.value);
          resolve(result);
        },
        (error: unknown) => {
          this.wakeNext = undefined;
          this.finish(error);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
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
    for (const hooks of this.hooks) hooks.onEnd?.(error);
  }
}
