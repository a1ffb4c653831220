/**
 * The signed endpoints of one exchange account: orders, cancels, lookups, trades and the account
 * read, signed with that
 * account's credentials (an AccountSigner) and sent through the shared BinanceClient, so every
 * account draws on the same IP weight ledger, back-off order, clock and sockets. One instance per
 * account; the gateway's own is BinanceClient.gatewayAccount, a key's own comes from
 * credentials/exchange-accounts.ts.
 */
import type { AccountSigner } from './account-signer.js';
import type { BinanceClient } from './binance-client.js';
import {
  accountSchema,
  myTradesSchema,
  orderListSchema,
  orderResponseSchema,
  type AccountInfo,
  type MyTrade,
  type OrderResponse,
} from './binance-schemas.js';
import { endpoints } from './endpoints.js';
import { ExchangeRejectedError } from './errors.js';
import type { ServerClock } from './server-clock.js';

export class ExchangeAccountClient {
  constructor(
    private readonly exchange: BinanceClient,
    private readonly signer: AccountSigner,
  ) {}

  /** The exchange's clock (one server, so one offset for every account). */
  get clock(): ServerClock {
    return this.exchange.clock;
  }

  /**
   * POST /api/v3/order. Never retried here: on a timeout or 5xx the outcome is unknown and the caller
   * must reconcile by client order id (ExchangeUnavailableError.outcomeUnknown).
   */
  placeOrder(params: Record<string, string>): Promise<OrderResponse> {
    return this.exchange.sendSigned(this.signer, {
      endpoint: endpoints.placeOrder,
      params: { ...params, newOrderRespType: 'FULL' },
      schema: orderResponseSchema,
    });
  }

  /** GET /api/v3/order by client order id; null when the exchange says it does not exist (-2013). */
  queryOrder(symbol: string, origClientOrderId: string): Promise<OrderResponse | null> {
    return this.lookUpOrder({ symbol, origClientOrderId });
  }

  /** GET /api/v3/order by the exchange's order id (which a cancel does not change); null when it does not exist (-2013). */
  queryOrderById(symbol: string, orderId: string): Promise<OrderResponse | null> {
    return this.lookUpOrder({ symbol, orderId });
  }

  private async lookUpOrder(params: Record<string, string>): Promise<OrderResponse | null> {
    try {
      return await this.exchange.sendSigned(this.signer, { endpoint: endpoints.queryOrder, params, schema: orderResponseSchema });
    } catch (error) {
      if (error instanceof ExchangeRejectedError && error.exchangeCode === -2013) return null;
      throw error;
    }
  }

  /**
   * DELETE /api/v3/order by client order id. Not retried here (the client retries no DELETE): a lost
   * answer is resolved by the caller looking the order up (binance-spot.md pitfall 15).
   */
  cancelOrder(symbol: string, origClientOrderId: string): Promise<OrderResponse> {
    return this.exchange.sendSigned(this.signer, { endpoint: endpoints.cancelOrder, params: { symbol, origClientOrderId }, schema: orderResponseSchema });
  }

  /** GET /api/v3/openOrders of one symbol (weight 6). */
  openOrders(symbol: string): Promise<OrderResponse[]> {
    return this.exchange.sendSigned(this.signer, { endpoint: endpoints.openOrders, params: { symbol }, schema: orderListSchema });
  }

  /** GET /api/v3/myTrades of one order (weight 5): its fills, oldest first. */
  orderTrades(symbol: string, orderId: string): Promise<MyTrade[]> {
    return this.exchange.sendSigned(this.signer, { endpoint: endpoints.myTrades, params: { symbol, orderId, limit: 1000 }, schema: myTradesSchema });
  }

  /**
   * A WebSocket API request's params signed for this account: apiKey and timestamp added, every
   * param but the signature sorted by name and joined as k=v&… (binance-spot.md §12).
   */
  signWebSocketParams(params: Record<string, string> = {}): Record<string, string> {
    const all: Record<string, string> = { ...params, apiKey: this.signer.apiKey, timestamp: String(this.clock.signingTimestamp()) };
    const payload = Object.keys(all)
      .sort()
      .map((name) => `${name}=${all[name] ?? ''}`)
      .join('&');
    return { ...all, signature: this.signer.sign(payload).signature };
  }

  /** GET /api/v3/account (weight 20): whether the account may trade, and its balances. */
  account(): Promise<AccountInfo> {
    return this.exchange.sendSigned(this.signer, { endpoint: endpoints.account, params: { omitZeroBalances: 'true' }, schema: accountSchema });
  }
}
