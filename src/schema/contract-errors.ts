/**
 * The one mapping of internal errors to the contract's error codes. Errors that already carry a
 * contract code pass as they are; exchange failures are mapped by cause; anything else has no
 * contract meaning (undefined): the edge masks it and logs its cause. Used where errors leave for
 * a client: the edge's error masking, a subscription's last event, and order metrics.
 */
import {
  callerFaultExchangeCodes,
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
  if (error instanceof ExchangeUnavailableError || error instanceof ExchangeResponseError) return new UpstreamUnavailableError();
  return undefined;
}
