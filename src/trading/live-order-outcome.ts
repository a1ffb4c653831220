/**
 * What one POST /api/v3/order attempt tells us about the order. The rule that matters: only an
 * answer proves anything. A timeout, a network error, a 5xx, Binance's own "execution status
 * unknown" codes, or an answer we could not read may all hide an executed order.
 */
import type { OrderResponse } from '../exchange/binance-schemas.js';
import { ExchangeRateLimitedError, ExchangeRejectedError, ExchangeUnavailableError } from '../exchange/errors.js';
import { GatewayError } from '../schema/errors.js';

export type SendOutcome =
  | { kind: 'placed'; response: OrderResponse }
  /** Refused. `final`: the refusal is about the order itself and is recorded; otherwise the id stays free. */
  | { kind: 'rejected'; code: number; message: string; final: boolean }
  /** An open order with this id is already on the exchange: find it instead. */
  | { kind: 'duplicate' }
  /** Certainly not executed (refused or never sent); `error` is what the caller is told. */
  | { kind: 'not-sent'; error: unknown }
  | { kind: 'unknown' };

/** -1006 UNEXPECTED_RESP and -1007 TIMEOUT: "execution status unknown". */
const statusUnknownCodes: ReadonlySet<number> = new Set([-1006, -1007]);

/**
 * Refusals of the request rather than the order (rate limits, timestamp, signature, API key):
 * nothing reached the matching engine and the same order may be sent again with the same id.
 */
const requestRefusedCodes: ReadonlySet<number> = new Set([-1003, -1015, -1021, -1022, -2014, -2015]);

export function classifySendError(error: unknown): SendOutcome {
  if (error instanceof ExchangeRejectedError) {
    if (statusUnknownCodes.has(error.exchangeCode)) return { kind: 'unknown' };
    if (error.exchangeCode === -2010 && /duplicate order/i.test(error.exchangeMessage)) return { kind: 'duplicate' };
    return {
      kind: 'rejected',
      code: error.exchangeCode,
      message: error.exchangeMessage,
      final: !requestRefusedCodes.has(error.exchangeCode),
    };
  }
  if (error instanceof ExchangeUnavailableError) return error.outcomeUnknown ? { kind: 'unknown' } : { kind: 'not-sent', error };
  // Refused locally (the back-off order or the weight budget) or by a 429/418: never executed.
  if (error instanceof ExchangeRateLimitedError || error instanceof GatewayError) return { kind: 'not-sent', error };
  // Anything else (an answer that did not parse: ExchangeResponseError, say) may have come after the order executed.
  return { kind: 'unknown' };
}
