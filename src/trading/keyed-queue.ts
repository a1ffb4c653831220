/**
 * Runs tasks one at a time per key, in arrival order; tasks of different keys run concurrently.
 * Paper trades of one account go through it so that, on one instance, they queue instead of racing
 * each other in the store's optimistic transaction (where every loser retries, and retries grow
 * with the square of the contenders). Across instances the transaction still decides.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    // A failed task must not fail the ones queued behind it.
    const result = previous.catch(() => undefined).then(task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
