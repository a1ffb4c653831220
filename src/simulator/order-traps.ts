/**
 * `orders.executeButNoAnswer`: the next matching order is executed by the engine but its answer
 * is lost, as when Binance's REST layer times out waiting for the matching engine or a proxy
 * returns 503. The gateway must then reconcile instead of re-sending.
 */

export interface TrapSpec {
  /** Only the order with this newClientOrderId; any order when omitted. */
  clientOrderId?: string;
  /** Answer 503 instead of never answering. */
  as503?: boolean;
  /** @default 1 */
  times?: number;
}

export class OrderTraps {
  private readonly traps: Array<{ clientOrderId?: string; as503: boolean; remaining: number }> = [];

  add(spec: TrapSpec = {}): void {
    const times = spec.times ?? 1;
    if (!(times > 0)) throw new RangeError(`executeButNoAnswer: times must be > 0, received ${times}`);
    const trap: { clientOrderId?: string; as503: boolean; remaining: number } = { as503: spec.as503 ?? false, remaining: times };
    if (spec.clientOrderId !== undefined) trap.clientOrderId = spec.clientOrderId;
    this.traps.push(trap);
  }

  /** How the just-executed order with this client id must (not) be answered, if a trap catches it. */
  take(clientOrderId: string): 'hang' | '503' | undefined {
    const index = this.traps.findIndex((t) => t.clientOrderId === undefined || t.clientOrderId === clientOrderId);
    const trap = this.traps[index];
    if (!trap) return undefined;
    trap.remaining -= 1;
    if (trap.remaining <= 0) this.traps.splice(index, 1);
    return trap.as503 ? '503' : 'hang';
  }

  clear(): void {
    this.traps.length = 0;
  }
}
