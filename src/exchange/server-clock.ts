/**
 * The exchange's clock as seen from here. Bars are final only when their close time has passed on
 * the exchange's clock, and signed requests are checked against it, so local drift must not leak in.
 * offset = serverTime − midpoint(send, receive), biased slightly into the past because a timestamp
 * more than 1 s ahead is always rejected while one behind is tolerated up to recvWindow.
 */

/** How far into the past we bias signed timestamps, ms. */
const pastBiasMs = 100;

export class ServerClock {
  private offsetMs = 0;
  private uncertainty = 0;
  private syncedAt = 0;
  private pending: Promise<void> | undefined;

  /**
   * @param fetchServerTime GET /api/v3/time
   * @param resyncEveryMs how often `ensureFresh` re-measures. @default 5 minutes
   */
  constructor(
    private readonly fetchServerTime: () => Promise<number>,
    private readonly resyncEveryMs = 5 * 60_000,
  ) {}

  /** Exchange time now, ms. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Exchange time for a signature's `timestamp`. */
  signingTimestamp(): number {
    return Math.floor(this.now() - pastBiasMs);
  }

  get offset(): number {
    return this.offsetMs;
  }

  /** How far `now()` may be off, ms: half the round trip the offset was measured with. */
  get uncertaintyMs(): number {
    return this.uncertainty;
  }

  /** Re-measures unless a measurement is recent. Concurrent callers share one request. */
  async ensureFresh(): Promise<void> {
    if (this.syncedAt !== 0 && Date.now() - this.syncedAt < this.resyncEveryMs) return;
    await this.sync();
  }

  /** Measures the offset now (after a -1021, say). Concurrent callers share one request. */
  sync(): Promise<void> {
    this.pending ??= this.measure().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async measure(): Promise<void> {
    const sentAt = Date.now();
    const serverTime = await this.fetchServerTime();
    const receivedAt = Date.now();
    this.offsetMs = Math.round(serverTime - (sentAt + receivedAt) / 2);
    this.uncertainty = Math.ceil((receivedAt - sentAt) / 2);
    this.syncedAt = receivedAt;
  }
}
