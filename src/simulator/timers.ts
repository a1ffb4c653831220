/**
 * Every timer the fake exchange starts, in one place, so `close()` can stop them all and vitest
 * exits without waiting for a stray timeout.
 */

export class TimerSet {
  private readonly timeouts = new Set<NodeJS.Timeout>();
  private readonly intervals = new Set<NodeJS.Timeout>();

  /** Resolves after `ms`; never resolves if the set is cleared first (its request is being torn down). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.timeout(ms, resolve);
    });
  }

  timeout(ms: number, run: () => void): NodeJS.Timeout {
    const handle = setTimeout(() => {
      this.timeouts.delete(handle);
      run();
    }, ms);
    this.timeouts.add(handle);
    return handle;
  }

  cancelTimeout(handle: NodeJS.Timeout): void {
    clearTimeout(handle);
    this.timeouts.delete(handle);
  }

  every(ms: number, run: () => void): NodeJS.Timeout {
    const handle = setInterval(run, ms);
    this.intervals.add(handle);
    return handle;
  }

  cancelEvery(handle: NodeJS.Timeout): void {
    clearInterval(handle);
    this.intervals.delete(handle);
  }

  clear(): void {
    for (const handle of this.timeouts) clearTimeout(handle);
    for (const handle of this.intervals) clearInterval(handle);
    this.timeouts.clear();
    this.intervals.clear();
  }
}
