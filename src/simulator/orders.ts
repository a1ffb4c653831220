/**
 * The fake matching engine: places validated orders against the live price with unlimited
 * liquidity and no balances, keeps every order it executed, and answers lookups.
 *
 * Binance's rules that matter to a gateway are kept on purpose: a clientOrderId is unique only among
 * OPEN orders (re-using the id of a FILLED order places a second order); MARKET orders fill at once
 * (split into up to three fills, each a tick worse, so averages are worth computing); a marketable
 * LIMIT fills at the live price, otherwise GTC rests and IOC/FOK expire; commission is 0.1% of what
 * is received. Resting orders fill at their limit price when the live price reaches them, checked
 * whenever the engine is read or written.
 */
import { BinanceError } from './binance-error.js';
import { Dec, fmt8 } from './decimals.js';
import { checkFilters } from './filters.js';
import type { NewOrder, OrderSide, OrderType, TimeInForce } from './order-params.js';
import { mix32 } from './price-path.js';
import type { ListedSymbol } from './symbols.js';

export type OrderStatus = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'EXPIRED';

export interface SimFill {
  price: string;
  qty: string;
  commission: string;
  commissionAsset: string;
  tradeId: number;
}

/** An order the engine executed; decimal fields are 8-decimal strings as Binance sends them. */
export interface SimOrder {
  /** The API key of the account that placed it (orders and their client ids are per account). */
  account: string;
  symbol: string;
  orderId: number;
  orderListId: number;
  clientOrderId: string;
  side: OrderSide;
  type: OrderType;
  timeInForce: TimeInForce;
  price: string;
  origQty: string;
  executedQty: string;
  origQuoteOrderQty: string;
  cummulativeQuoteQty: string;
  status: OrderStatus;
  time: number;
  updateTime: number;
  workingTime: number;
  fills: SimFill[];
}

const COMMISSION_RATE = '0.001';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
// Above 2^32 like real BTCUSDT ids, so a gateway that squeezes ids into 32 bits fails in tests.
const FIRST_ORDER_ID = 40_000_000_001;
const FIRST_TRADE_ID = 3_000_000_001;

export class MatchingEngine {
  private readonly orders: SimOrder[] = [];
  private nextOrderId = FIRST_ORDER_ID;
  private nextTradeId = FIRST_TRADE_ID;

  constructor(
    private readonly symbols: Map<string, ListedSymbol>,
    private readonly livePrice: (symbol: ListedSymbol) => Dec,
    private readonly seed: number,
  ) {}

  /** Runs the filters and the symbol-status check without executing (what /order/test does). */
  validate(order: NewOrder): void {
    const marketPrice = this.livePrice(order.symbol);
    const quantity = order.quantity ?? this.quantityForQuote(order.symbol, order.quoteOrderQty ?? new Dec(0), marketPrice);
    const input = { isMarket: order.type === 'MARKET', side: order.side, quantity, marketPrice };
    // Status before filters (Binance's order is undocumented): a test of "Market is closed." should not
    // have to find a quantity that also passes the filters of a symbol nobody can trade.
    if (order.symbol.spec.status !== 'TRADING') throw new BinanceError(400, -2010, 'Market is closed.');
    checkFilters(order.symbol.spec, order.price ? { ...input, price: order.price } : input);
  }

  /** Validates and executes for `account`; throws the BinanceError Binance would answer. */
  place(order: NewOrder, now: number, account: string): SimOrder {
    this.sweep(now);
    this.validate(order);
    const symbol = order.symbol.spec.symbol;
    const taken = (o: SimOrder) => o.account === account && o.symbol === symbol && o.clientOrderId === order.clientOrderId && isOpen(o);
    if (order.clientOrderId && this.orders.some(taken)) {
      throw new BinanceError(400, -2010, 'Duplicate order sent.');
    }
    const marketPrice = this.livePrice(order.symbol);
    const orderId = this.nextOrderId++;
    const sim: SimOrder = {
      account, symbol, orderId, orderListId: -1, clientOrderId: order.clientOrderId ?? this.generatedClientId(orderId),
      side: order.side, type: order.type, timeInForce: order.timeInForce ?? 'GTC',
      price: fmt8(order.price ?? new Dec(0)), origQty: '0.00000000', executedQty: '0.00000000',
      origQuoteOrderQty: fmt8(order.quoteOrderQty ?? new Dec(0)), cummulativeQuoteQty: '0.00000000',
      status: 'NEW', time: now, updateTime: now, workingTime: now, fills: [],
    };
    if (order.type === 'MARKET') {
      const quantity = order.quantity ?? this.quantityForQuote(order.symbol, order.quoteOrderQty ?? new Dec(0), marketPrice);
      sim.origQty = fmt8(quantity);
      const parts = order.quantity ? this.splitForFills(order.symbol, quantity) : [quantity];
      const tick = new Dec(order.symbol.spec.tickSize);
      parts.forEach((qty, i) => {
        const slip = tick.times(i);
        const price = order.side === 'BUY' ? marketPrice.plus(slip) : Dec.max(tick, marketPrice.minus(slip));
        this.fill(sim, order.symbol, qty, price);
      });
    } else {
      const limit = order.price ?? marketPrice;
      sim.origQty = fmt8(order.quantity ?? new Dec(0));
      const marketable = order.side === 'BUY' ? limit.gte(marketPrice) : limit.lte(marketPrice);
      if (marketable && order.type === 'LIMIT_MAKER') {
        throw new BinanceError(400, -2010, 'Order would immediately match and take.');
      }
      if (marketable) this.fill(sim, order.symbol, order.quantity ?? new Dec(0), marketPrice);
      else if (sim.timeInForce !== 'GTC') sim.status = 'EXPIRED';
    }
    this.orders.push(sim);
    return sim;
  }

  /** Latest order of `account` matching the ids (orderId first, as Binance looks it up). */
  find(symbol: string, ids: { orderId?: number; clientOrderId?: string }, now: number, account: string): SimOrder | undefined {
    this.sweep(now);
    for (let i = this.orders.length - 1; i >= 0; i--) {
      const order = this.orders[i];
      if (!order || order.symbol !== symbol || order.account !== account) continue;
      if (ids.orderId !== undefined ? order.orderId === ids.orderId : order.clientOrderId === ids.clientOrderId) return order;
    }
    return undefined;
  }

  /** Cancels an open order; undefined when there is none to cancel. */
  cancel(order: SimOrder, now: number): SimOrder | undefined {
    this.sweep(now);
    if (!isOpen(order)) return undefined;
    order.status = 'CANCELED';
    order.updateTime = now;
    return order;
  }

  all(now: number): SimOrder[] {
    this.sweep(now);
    return [...this.orders];
  }

  /** Resting LIMIT orders the live price has reached fill at their own price. */
  sweep(now: number): void {
    for (const order of this.orders) {
      if (order.status !== 'NEW') continue;
      const listed = this.symbols.get(order.symbol);
      if (!listed) continue;
      const market = this.livePrice(listed);
      const limit = new Dec(order.price);
      if (order.side === 'BUY' ? market.lte(limit) : market.gte(limit)) {
        this.fill(order, listed, new Dec(order.origQty), limit);
        order.updateTime = now;
      }
    }
  }

  private fill(order: SimOrder, symbol: ListedSymbol, qty: Dec, price: Dec): void {
    const quote = qty.times(price);
    const buy = order.side === 'BUY';
    order.fills.push({
      price: fmt8(price),
      qty: fmt8(qty),
      commission: fmt8((buy ? qty : quote).times(COMMISSION_RATE)),
      commissionAsset: buy ? symbol.spec.baseAsset : symbol.spec.quoteAsset,
      tradeId: this.nextTradeId++,
    });
    const executed = new Dec(order.executedQty).plus(qty);
    order.executedQty = fmt8(executed);
    order.cummulativeQuoteQty = fmt8(new Dec(order.cummulativeQuoteQty).plus(quote));
    order.status = executed.gte(order.origQty) ? 'FILLED' : 'PARTIALLY_FILLED';
  }

  /** The LOT_SIZE-respecting quantity whose notional comes closest to `quote` without exceeding it. */
  private quantityForQuote(symbol: ListedSymbol, quote: Dec, price: Dec): Dec {
    const step = new Dec(symbol.spec.stepSize);
    return quote.div(price).div(step).floor().times(step);
  }

  /** Up to three fills, each a whole number of steps. */
  private splitForFills(symbol: ListedSymbol, quantity: Dec): Dec[] {
    const step = new Dec(symbol.spec.stepSize);
    const steps = quantity.div(step).floor();
    if (steps.lt(3) || !steps.times(step).eq(quantity)) return [quantity];
    const first = steps.div(2).ceil();
    const second = steps.minus(first).div(2).ceil();
    const third = steps.minus(first).minus(second);
    return [first, second, third].map((n) => n.times(step));
  }

  /** 22 base62 characters like Binance's generated ids, derived from the seed and the order id. */
  private generatedClientId(orderId: number): string {
    let id = '';
    let h = mix32(this.seed ^ orderId);
    for (let i = 0; i < 22; i++) {
      h = mix32(h + i);
      id += BASE62[h % 62];
    }
    return id;
  }
}

export function isOpen(order: SimOrder): boolean {
  return order.status === 'NEW' || order.status === 'PARTIALLY_FILLED';
}
