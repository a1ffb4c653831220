/**
 * The paper matching rules, as a pure computation over one account (it runs inside a store
 * transaction, which may call it more than once):
 *
 * - MARKET orders fill at once at the live price.
 * - LIMIT orders fill at once at the live price when marketable (a BUY at or above it, a SELL at or
 *   below it); otherwise GTC orders rest with their funds locked (BUY: quantity × price of the quote
 *   asset, SELL: the quantity) and IOC/FOK orders expire. A resting order fills, whole and at its own
 *   price, once the live price reaches it (settle).
 * - Commission is `commissionRate` of what the fill pays out, in that asset (Binance's default
 *   without BNB): the base asset on a BUY, the quote asset on a SELL.
 * - An order the account cannot pay for is INSUFFICIENT_BALANCE; a LIMIT BUY needs its whole
 *   quantity × price free, as the exchange would lock it.
 *
 * Nothing is rounded: amounts are exact decimals.
 */
import { BadUserInputError } from '../schema/errors.js';
import { Dec, formatDecimal } from './decimal.js';
import type { TradeOrder } from './order.js';
import { maxListedOrders, maxOpenOrders, type OpenOrder, type PaperAccountDoc } from './paper-account-doc.js';
import { PaperBalances } from './paper-balances.js';
import type { PreparedOrder } from './prepare-order.js';

export class PaperLedger {
  readonly balances: PaperBalances;
  private open: OpenOrder[];
  private recent: string[];
  /** Client order ids of the orders this computation created or changed (their records must be written). */
  readonly changedOrders = new Set<string>();
  private accountChanged = false;

  /**
   * @param orders the order records read in this transaction, by client order id: at least those
   *   of the resting orders that may be settled (a resting order whose record was not read is left alone)
   */
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

  /** Fills the resting orders the live price has reached, at their limit price. */
  settle(prices: ReadonlyMap<string, Dec>): void {
    this.open = this.open.filter((resting) => {
      const order = this.orders.get(resting.clientOrderId);
      const market = prices.get(resting.symbol);
      if (order === undefined || market === undefined) return true;
      const limit = new Dec(resting.price);
      const crossed = resting.side === 'BUY' ? market.lte(limit) : market.gte(limit);
      if (!crossed) return true;
      const quantity = new Dec(resting.quantity);
      if (resting.side === 'BUY') this.balances.spendLocked(resting.quoteAsset, quantity.times(limit));
      else this.balances.spendLocked(resting.baseAsset, quantity);
      this.orders.set(order.clientOrderId, this.fill(order, resting, quantity, limit));
      this.changedOrders.add(order.clientOrderId);
      this.accountChanged = true;
      return false;
    });
  }

  /** Executes a validated order against the account; returns the order as placed. */
  place(prepared: PreparedOrder, now: number): TradeOrder {
    const { request, info, quantity, marketPrice } = prepared;
    if (marketPrice === undefined) throw new Error('paper orders need the live price');
    const assets = { baseAsset: info.baseAsset, quoteAsset: info.quoteAsset };
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
      createdAt: now,
    };
    const limit = request.price ?? marketPrice;
    // What the order needs free: a BUY its quote cost (at the limit for LIMIT orders), a SELL its quantity.
    const [needAsset, needAmount] = request.side === 'BUY' ? [assets.quoteAsset, quantity.times(limit)] : [assets.baseAsset, quantity];
    this.balances.requireFree(needAsset, needAmount);
    const marketable = request.type === 'MARKET' || (request.side === 'BUY' ? limit.gte(marketPrice) : limit.lte(marketPrice));
    if (marketable) {
      this.balances.debit(needAsset, request.side === 'BUY' ? quantity.times(marketPrice) : quantity);
      order = this.fill(order, assets, quantity, marketPrice);
    } else if (request.timeInForce === 'GTC') {
      if (this.open.length >= maxOpenOrders) {
        throw new BadUserInputError(`A paper account may have at most ${maxOpenOrders} resting orders.`);
      }
      this.balances.lock(needAsset, needAmount);
      this.open.push({ clientOrderId: order.clientOrderId, symbol: info.symbol, side: request.side, price: formatDecimal(limit), quantity: order.quantity, ...assets });
    } else {
      // IOC and FOK take only what is there at once; a paper book has nothing at this price.
      order.status = 'EXPIRED';
    }
    this.orders.set(order.clientOrderId, order);
    this.changedOrders.add(order.clientOrderId);
    this.recent.unshift(order.clientOrderId);
    this.accountChanged = true;
    return order;
  }

  toDoc(): PaperAccountDoc {
    const openIds = new Set(this.open.map((o) => o.clientOrderId));
    // Older orders drop off the list, except resting ones, which stay visible until they fill.
    const recent = this.recent.filter((id, index) => index < maxListedOrders || openIds.has(id));
    return { v: 1, balances: this.balances.toStored(), open: this.open, recent };
  }

  /** The order filled whole at `price`: the received asset credited, less commission. */
  private fill(order: TradeOrder, assets: { baseAsset: string; quoteAsset: string }, quantity: Dec, price: Dec): TradeOrder {
    const quote = quantity.times(price);
    const [asset, received] = order.side === 'BUY' ? [assets.baseAsset, quantity] : [assets.quoteAsset, quote];
    const commission = received.times(this.commissionRate);
    this.balances.credit(asset, received.minus(commission));
    return {
      ...order,
      status: 'FILLED',
      executedQuantity: formatDecimal(quantity),
      quoteQuantity: formatDecimal(quote),
      fills: [{ price: formatDecimal(price), quantity: formatDecimal(quantity), commission: formatDecimal(commission), commissionAsset: asset }],
    };
  }
}
