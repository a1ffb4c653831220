/**
 * Keeps metric label values in bounded sets. Every distinct label value is a time series that
 * Prometheus stores forever, and operation names are chosen by clients: unbounded, a scanner
 * sending random names would grow the registry without end.
 */

/** The first `max` distinct values are kept as they are; every later one reads "other". */
export class BoundedLabel {
  private readonly seen = new Set<string>();

  constructor(private readonly max: number) {}

  value(raw: string): string {
    if (this.seen.has(raw)) return raw;
    // GraphQL names are [_A-Za-z][_0-9A-Za-z]*; anything else (or very long) is not worth a series.
    if (this.seen.size >= this.max || raw.length > 64 || !/^[_A-Za-z][_0-9A-Za-z]*$/.test(raw)) return 'other';
    this.seen.add(raw);
    return raw;
  }
}

/** A label over a fixed set of known values (error codes, endpoints): any other value reads `fallback`. */
export class KnownLabel {
  private readonly known: ReadonlySet<string>;

  constructor(
    values: Iterable<string>,
    private readonly fallback: string,
  ) {
    this.known = new Set(values);
  }

  value(raw: string): string {
    return this.known.has(raw) ? raw : this.fallback;
  }
}
