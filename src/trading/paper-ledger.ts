/**
 * One paper account's orders and balances while a change is computed: a pure computation (it runs
 * inside a store transaction, which may call it more than once) that applies the contract's rules
 * (paper-rules.ts) and records every order change as an OrderUpdate.
 *
 * - MARKET fills at once at the best ask (BUY) or bid (SELL); a LIMIT that can fill at once does so
 *   there; LIMIT_MAKER that would is refused; IOC/FOK that cannot end EXPIRED; the rest rests.
 * - A resting order locks what it may spend (BUY: quantity × price of the quote asset, SELL: the
 *   quantity); a fill, cancel or expiry releases it. It fills whole at its own price when a trade
 *   prints at or through it (applyTrade, driven by the matching engine).
 * - A stop order rests untriggered (funds locked) until the last trade price reaches stopPrice, then
 *   works as a LIMIT: at once where it can fill, else resting (IOC/FOK: expired).
 * - Commission is `commissionRate` of what a fill pays out, in that asset.
 *
 * Nothing is rounded: amounts are exact decimals.
 */
import { BadUserInputError } from '../schema/errors.js';
import { Dec, formatDecimal } from './decimal.js';
import { stopOrderTypes, type TradeOrder } from './order.js';
import type { OrderEvent, OrderUpdate } from './order-update.js';
import { maxListedOrders, maxOpenOrders, type OpenOrder, type PaperAccountDoc } from './paper-account-doc.js';
import { PaperBalances } from './paper-balances.js';
import { isMarketable, isTriggered, reachedBy, takerPrice, type Quote } from './paper-rules.js';
import type { PreparedOrder } from './prepare-order.js';
import { checkOpenOrderLimits } from './symbol-filters.js';

/** What placing an order looks at besides the order. */
export interface PlaceContext {
  /** The best bid and ask now. */
  quote: Quote | undefined;
  /** The last trade price (stop orders that would trigger at once are refused). */
  lastPrice: Dec | undefined;
  /** Epoch ms (the order's times). */
  now: number;
  /** The exchange's clock now: trades from then on may fill the order. */
  placedAt: number;
}

/** One trade on the exchange, as the matching engine hands it over. */
export interface MarketTrade {
  id: string;
  price: Dec;
  /** Exchange ms. */
  time: number;
}

export class PaperLedger {
  readonly balances: PaperBalances;
  private open: OpenOrder[];
  private recent: string[];
  /** Client order ids of the orders this computation created or changed (their records must be written). */
  readonly changedOrders = new Set<string>();
  /** The order changes of this computation, in order. */
  readonly updates: OrderUpdate[] = [];
  private accountChanged = false;

  /** @param orders the order records read in this transaction, by client order id (those it may change) */
  constructor(
    account: PaperAccountDoc,
    readonly orders: Map<string, TradeOrder>,
    private readonly commissionRate: Dec,
  ) {
    this.balances = new PaperBalances(account.balances);
    this.open = [...account.open];
    this.recent = [...account.recent];
  }

  /** True when the account document must be written back. */
  get changed(): boolean {
    return this.accountChanged;
  }

  /** The open order with this id, if it is open. */
  openOrder(clientOrderId: string): OpenOrder | undefined {
    return this.open.find((o) => o.clientOrderId === clientOrderId);
  }

  /** Executes a validated order against the account; returns the order as placed. */
  place(prepared: PreparedOrder, ctx: PlaceContext): TradeOrder {
    const { request, info, quantity } = prepared;
    const assets = { baseAsset: info.baseAsset, quoteAsset: info.quoteAsset };
    const isStop = stopOrderTypes.has(request.type);
    let order: TradeOrder = {
      mode: 'PAPER',
      symbol: info.symbol,
      clientOrderId: request.clientOrderId,
      exchangeOrderId: null,
      side: request.side,
      type: request.type,
      status: 'NEW',
      price: request.price === undefined ? null : formatDecimal(request.price),
      quantity: formatDecimal(quantity),
      executedQuantity: '0',
      quoteQuantity: '0',
      fills: [],
      createdAt: ctx.now,
      updatedAt: ctx.now,
      timeInForce: request.type === 'MARKET' ? null : (request.timeInForce ?? 'GTC'),
      stopPrice: request.stopPrice === undefined ? null : formatDecimal(request.stopPrice),
    };
    const taker = ctx.quote && takerPrice(request.side, ctx.quote);
    const limit = request.price ?? taker;
    if (limit === undefined) {
      throw new BadUserInputError(`The ${info.symbol} book has no ${request.side === 'BUY' ? 'asks' : 'bids'} now; a MARKET order cannot fill.`);
    }
    // What the order needs free: a BUY its quote cost (at the limit for limit orders), a SELL its quantity.
    const [needAsset, needAmount] = request.side === 'BUY' ? [assets.quoteAsset, quantity.times(limit)] : [assets.baseAsset, quantity];
    this.balances.requireFree(needAsset, needAmount);
    const marketable = !isStop && (request.type === 'MARKET' || isMarketable(request.side, limit, ctx.quote));
    if (request.type === 'LIMIT_MAKER' && marketable) {
      throw new BadUserInputError('Order would immediately match and take: a LIMIT_MAKER order only rests.', { reason: 'WOULD_MATCH_IMMEDIATELY' });
    }
    if (isStop && ctx.lastPrice !== undefined && isTriggered(request.type, request.side, request.stopPrice as Dec, ctx.lastPrice)) {
      throw new BadUserInputError(
        `Order would trigger immediately: the last price ${formatDecimal(ctx.lastPrice)} has already reached stopPrice ${order.stopPrice ?? ''}.`,
        { reason: 'STOP_PRICE_WOULD_TRIGGER_IMMEDIATELY' },
      );
    }
    this.recent.unshift(order.clientOrderId);
    this.accountChanged = true;
    if (marketable) {
      this.record(order, 'NEW', ctx.now);
      const price = taker as Dec;
      this.balances.debit(needAsset, request.side === 'BUY' ? quantity.times(price) : quantity);
      order = this.fill(order, assets, quantity, price, ctx.now);
    } else if (isStop || request.timeInForce === 'GTC' || request.type === 'LIMIT_MAKER') {
      const onSymbol = this.open.filter((o) => o.symbol === info.symbol);
      checkOpenOrderLimits(info.filters, request.type, { all: onSymbol.length, algo: onSymbol.filter((o) => stopOrderTypes.has(o.type)).length });
      if (this.open.length >= maxOpenOrders) throw new BadUserInputError(`A paper account may have at most ${maxOpenOrders} open orders.`);
      this.balances.lock(needAsset, needAmount);
      this.open.push({
        clientOrderId: order.clientOrderId, symbol: info.symbol, side: request.side, type: request.type,
        timeInForce: order.timeInForce ?? 'GTC', price: formatDecimal(limit), quantity: order.quantity, ...assets,
        placedAt: ctx.placedAt, ...(order.stopPrice !== null && { stopPrice: order.stopPrice }),
      });
      this.record(order, 'NEW', ctx.now);
    } else {
      // IOC and FOK take only what is there at once, and nothing is.
      this.record(order, 'NEW', ctx.now);
      this.record({ ...order, status: 'EXPIRED' }, 'EXPIRED', ctx.now);
    }
    return this.orders.get(order.clientOrderId) as TradeOrder;
  }

  /** Cancels the order if it is open (releasing its funds); returns it as it is now, undefined when unknown. */
  cancel(clientOrderId: string, now: number): TradeOrder | undefined {
    const order = this.orders.get(clientOrderId);
    const open = this.openOrder(clientOrderId);
    if (order === undefined || open === undefined) return order;
    this.close(open, 'CANCELED', now);
    return this.orders.get(clientOrderId);
  }

  /**
   * One exchange trade on one open order: triggers a stop order it reaches, fills a working order
   * it reaches (at the order's price). Trades from before the order (or its trigger) change nothing.
   */
  applyTrade(clientOrderId: string, trade: MarketTrade, quote: Quote | undefined, now: number): void {
    const open = this.openOrder(clientOrderId);
    const order = this.orders.get(clientOrderId);
    if (open === undefined || order === undefined || trade.time < open.placedAt) return;
    const limit = new Dec(open.price);
    const quantity = new Dec(open.quantity);
    if (stopOrderTypes.has(open.type) && open.triggerTradeId === undefined) {
      if (!isTriggered(open.type, open.side, new Dec(open.stopPrice ?? '0'), trade.price)) return;
      open.triggerTradeId = trade.id;
      this.accountChanged = true;
      this.record({ ...order, updatedAt: now }, 'TRIGGERED', now);
      // Now a LIMIT: it fills at once where it can, else it rests (IOC and FOK expire).
      const taker = quote && takerPrice(open.side, quote);
      if (taker !== undefined && isMarketable(open.side, limit, quote)) this.fillOpen(open, quantity, taker, now);
      else if (open.timeInForce !== 'GTC') this.close(open, 'EXPIRED', now);
      return;
    }
    if (open.triggerTradeId !== undefined && Number(trade.id) <= Number(open.triggerTradeId)) return;
    if (reachedBy(open.side, limit, trade.price)) this.fillOpen(open, quantity, limit, now);
  }

  toDoc(): PaperAccountDoc {
    const openIds = new Set(this.open.map((o) => o.clientOrderId));
    // Older orders drop off the list, except open ones, which stay visible until they end.
    const recent = this.recent.filter((id, index) => index < maxListedOrders || openIds.has(id));
    return { v: 1, balances: this.balances.toStored(), open: this.open, recent };
  }

  /** Takes the open order off the book with its funds spent at `price` (a BUY gets back what its lock overpaid). */
  private fillOpen(open: OpenOrder, quantity: Dec, price: Dec, now: number): void {
    const limit = new Dec(open.price);
    if (open.side === 'BUY') {
      this.balances.spendLocked(open.quoteAsset, quantity.times(limit));
      this.balances.credit(open.quoteAsset, quantity.times(limit.minus(price)));
    } else {
      this.balances.spendLocked(open.baseAsset, quantity);
    }
    this.open = this.open.filter((o) => o !== open);
    this.fill(this.orders.get(open.clientOrderId) as TradeOrder, open, quantity, price, now);
  }

  /** Ends an open order unfilled, its funds released. */
  private close(open: OpenOrder, status: 'CANCELED' | 'EXPIRED', now: number): void {
    const quantity = new Dec(open.quantity);
    if (open.side === 'BUY') this.balances.unlock(open.quoteAsset, quantity.times(open.price));
    else this.balances.unlock(open.baseAsset, quantity);
    this.open = this.open.filter((o) => o !== open);
    this.accountChanged = true;
    const order = this.orders.get(open.clientOrderId) as TradeOrder;
    this.record({ ...order, status, updatedAt: now }, status, now);
  }

  /** The order filled whole at `price`: the received asset credited, less commission. */
  private fill(order: TradeOrder, assets: { baseAsset: string; quoteAsset: string }, quantity: Dec, price: Dec, now: number): TradeOrder {
    const quote = quantity.times(price);
    const [asset, received] = order.side === 'BUY' ? [assets.baseAsset, quantity] : [assets.quoteAsset, quote];
    const commission = received.times(this.commissionRate);
    this.balances.credit(asset, received.minus(commission));
    this.accountChanged = true;
    const fill = { price: formatDecimal(price), quantity: formatDecimal(quantity), commission: formatDecimal(commission), commissionAsset: asset };
    const filled: TradeOrder = {
      ...order,
      status: 'FILLED',
      executedQuantity: formatDecimal(quantity),
      quoteQuantity: formatDecimal(quote),
      fills: [...order.fills, fill],
      updatedAt: now,
    };
    this.record(filled, 'TRADE', now, fill);
    return filled;
  }

  private record(order: TradeOrder, event: OrderEvent, at: number, fill: OrderUpdate['fill'] = null): void {
    this.orders.set(order.clientOrderId, order);
    this.changedOrders.add(order.clientOrderId);
    this.updates.push({ event, order, fill, at });
  }
}
