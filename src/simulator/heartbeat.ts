/**
 * The server side of WebSocket keep-alive as Binance does it: a ping frame every `intervalMs`
 * with a fresh payload; a pong must echo one of them within `timeoutMs` or the connection is
 * terminated. Unsolicited pongs (payloads we never sent) do not count.
 *
 * The owner of the connection feeds pongs in through `onPong`, so it can decide first whether a
 * pong counts at all (market streams count pongs toward their incoming-message limit).
 */
import type { WebSocket } from 'ws';
import type { TimerSet } from './timers.js';

export class Heartbeat {
  /** Payloads of pings not yet answered, oldest first, with when they were sent. */
  private readonly unanswered: Array<{ payload: string; sentAt: number }> = [];
  private pingTimer?: NodeJS.Timeout;
  private deadline?: NodeJS.Timeout;
  private counter = 0;

  constructor(private readonly ws: WebSocket, private readonly timers: TimerSet, intervalMs: number, private readonly timeoutMs: number) {
    if (intervalMs > 0) this.pingTimer = timers.every(intervalMs, () => this.ping());
  }

  private ping(): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    const payload = String(++this.counter);
    this.unanswered.push({ payload, sentAt: Date.now() });
    this.ws.ping(payload);
    if (!this.deadline) this.arm();
  }

  /** Only a pong echoing one of our pings keeps the connection alive; unsolicited ones do not. */
  onPong(payload: string): void {
    const index = this.unanswered.findIndex((p) => p.payload === payload);
    if (index < 0) return;
    this.unanswered.splice(0, index + 1);
    if (this.deadline) this.timers.cancelTimeout(this.deadline);
    this.deadline = undefined;
    if (this.unanswered.length > 0) this.arm();
  }

  private arm(): void {
    const oldest = this.unanswered[0];
    if (!oldest) return;
    this.deadline = this.timers.timeout(Math.max(0, oldest.sentAt + this.timeoutMs - Date.now()), () => {
      this.deadline = undefined;
      this.ws.terminate();
    });
  }

  stop(): void {
    if (this.pingTimer) this.timers.cancelEvery(this.pingTimer);
    if (this.deadline) this.timers.cancelTimeout(this.deadline);
  }
}
