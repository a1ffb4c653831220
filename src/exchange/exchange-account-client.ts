/**
 * The signed endpoints of one exchange account: orders and the account read, signed with that
 * account's credentials (an AccountSigner) and sent through the shared BinanceClient, so every
 * account draws on the same IP weight ledger, back-off order, clock and sockets. One instance per
 * account; the gateway's own is BinanceClient.gatewayAccount, a key's own comes from
 * credentials/exchange-accounts.ts.
 */
import type { AccountSigner } from './account-signer.js';
import type { BinanceClient } from './binance-client.js';
import { accountSchema, orderResponseSchema, type AccountInfo, type OrderResponse } from './binance-schemas.js';
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
  async queryOrder(symbol: string, origClientOrderId: string): Promise<OrderResponse | null> {
    try {
      return await this.exchange.sendSigned(this.signer, {
        endpoint: endpoints.queryOrder,
        params: { symbol, origClientOrderId },
        schema: orderResponseSchema,
      });
    } catch (error) {
      if (error instanceof ExchangeRejectedError && error.exchangeCode === -2013) return null;
      throw error;
    }
  }

  /** GET /api/v3/account (weight 20): whether the account may trade, and its balances. */
  account(): Promise<AccountInfo> {
    return this.exchange.sendSigned(this.signer, { endpoint: endpoints.account, params: { omitZeroBalances: 'true' }, schema: accountSchema });
  }
}
