/**
 * Which stretches of a symbol's history come from the live tape and which from the kline
 * generator. Before the tape starts (deep history back to listing) the generator alone answers,
 * cheaply; from then on the tape does, trade by trade. When the exchange clock jumps further than
 * the tape may catch up in one go (a test advancing hours), the skipped whole minutes become a
 * generated stretch too, so klines stay contiguous and cheap while nothing is invented trade by trade.
 *
 * Trade ids stay increasing across stretches: a generated stretch numbers its trades like the
 * generator (by activity) plus an offset that makes it continue where the previous stretch ended.
 */

export interface Segment {
  start: number;
  /** Exclusive; Infinity for the stretch that is still running. */
  end: number;
  tape: boolean;
  /** Added to the generator's trade ids (generated stretches only). */
  tradeIdOffset: number;
  /** Added to the generator's slot numbers to give aggregate trade ids. */
  aggIdOffset: number;
}

export class Segments {
  private readonly list: Segment[];

  constructor(readonly tapeStart: number) {
    this.list = [
      { start: -Infinity, end: tapeStart, tape: false, tradeIdOffset: 0, aggIdOffset: 0 },
      { start: tapeStart, end: Infinity, tape: true, tradeIdOffset: 0, aggIdOffset: 0 },
    ];
  }

  /** Ends the running tape stretch at `from`, generates [from, to), and runs the tape again from `to`. */
  skip(from: number, to: number, tradeIdOffset: number, aggIdOffset: number): void {
    const running = this.list[this.list.length - 1] as Segment;
    running.end = from;
    this.list.push({ start: from, end: to, tape: false, tradeIdOffset, aggIdOffset });
    this.list.push({ start: to, end: Infinity, tape: true, tradeIdOffset: 0, aggIdOffset: 0 });
  }

  /** The stretches overlapping [from, to), clipped to it, oldest first. */
  pieces(from: number, to: number): Array<{ start: number; end: number; segment: Segment }> {
    const out: Array<{ start: number; end: number; segment: Segment }> = [];
    for (const segment of this.list) {
      const start = Math.max(from, segment.start);
      const end = Math.min(to, segment.end);
      if (start < end) out.push({ start, end, segment });
    }
    return out;
  }

  /** The stretch containing `t`. */
  at(t: number): Segment {
    for (let i = this.list.length - 1; i >= 0; i--) {
      const segment = this.list[i] as Segment;
      if (t >= segment.start) return segment;
    }
    return this.list[0] as Segment;
  }
}
