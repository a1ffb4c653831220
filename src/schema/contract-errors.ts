/**
 * The one mapping of internal errors to the contract's error codes. Errors that already carry a
 * contract code pass as they are; exchange failures are mapped by cause; anything else has no
 * contract meaning (undefined): the edge masks it and logs its cause. Used where errors leave for
 * a client: the edge's error masking, a subscription's last event, and order metrics.
 */
import {
  callerFaultExchangeCodes,
  ExchangeCircuitOpenError,
  ExchangeRateLimitedError,
  ExchangeRejectedError,
  ExchangeResponseError,
  ExchangeUnavailableError,
  UnknownSymbolError,
} from '../exchange/errors.js';
import { BadUserInputError, GatewayError, UpstreamRateLimitedError, UpstreamUnavailableError } from './errors.js';

export function toContractError(error: unknown): GatewayError | undefined {
  if (error instanceof GatewayError) return error;
  if (error instanceof UnknownSymbolError) return new BadUserInputError(error.message);
  if (error instanceof ExchangeRateLimitedError) return new UpstreamRateLimitedError(error.retryAfterSeconds);
  if (error instanceof ExchangeRejectedError) {
    if (callerFaultExchangeCodes.has(error.exchangeCode)) {
      return new BadUserInputError(`The exchange refused the request: ${error.exchangeMessage}`, {
        exchangeCode: error.exchangeCode,
      });
    }
    return undefined;
  }
  if (error instanceof ExchangeCircuitOpenError) {
    // Failed fast, nothing sent: say so, and when the next probe may go (an addition to the contract's extensions).
    const retryAfter = error.retryAt === undefined ? 1 : Math.max(1, Math.ceil((error.retryAt - Date.now()) / 1000));
    return new UpstreamUnavailableError('The exchange is failing; calls fail fast until it answers again. Try again later.', { retryAfter });
  }
  if (error instanceof ExchangeUnavailableError || error instanceof ExchangeResponseError) return new UpstreamUnavailableError();
  return undefined;
}
