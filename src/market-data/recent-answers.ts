/**
 * Answers from the exchange per key (a symbol), kept for a short while and shared while under way:
 * a load already in flight for a key serves every ask that it covers, and a finished one serves them
 * until it is `ttlMs` old. `covers` says whether an answer serves an ask (a book fetched 100 levels
 * deep serves an ask for 20, not one for 500).
 */

interface Held<A, V> {
  /** The ask the load was made for. */
  loadedFor: A;
  value: Promise<V>;
  /** When the load finished; undefined while it is under way. */
  doneAt: number | undefined;
}

export class RecentAnswers<A, V> {
  private readonly held = new Map<string, Held<A, V>[]>();

  /**
   * @param ttlMs how long a finished answer serves
   * @param covers whether an answer loaded for `loadedFor` serves `ask`
   */
  constructor(
    private readonly ttlMs: number,
    private readonly covers: (loadedFor: A, ask: A) => boolean,
    private readonly now: () => number = Date.now,
  ) {}

  /** An answer for `ask` under `key`: one held that covers it, else `load(ask)`'s, held from now on. */
  get(key: string, ask: A, load: () => { loadedFor: A; value: Promise<V> }): Promise<V> {
    const now = this.now();
    const entries = (this.held.get(key) ?? []).filter((entry) => entry.doneAt === undefined || now - entry.doneAt < this.ttlMs);
    const found = entries.find((entry) => this.covers(entry.loadedFor, ask));
    if (found) return found.value;
    const { loadedFor, value } = load();
    const entry: Held<A, V> = { loadedFor, value, doneAt: undefined };
    this.held.set(key, [...entries, entry]);
    value.then(
      () => (entry.doneAt = this.now()),
      // A failed load serves nobody after it failed.
      () => this.held.set(key, (this.held.get(key) ?? []).filter((e) => e !== entry)),
    );
    return value;
  }
}
