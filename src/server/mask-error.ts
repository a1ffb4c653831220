/**
 * The one place internal errors become the contract's error codes. Errors that already carry a
 * contract code pass as they are; exchange failures are mapped by cause; anything else is logged
 * with its cause and reaches the client only as a generic message.
 */
import { GraphQLError } from 'graphql';
import type { YogaServerOptions } from 'graphql-yoga';
import { callerFaultExchangeCodes, ExchangeRejectedError, ExchangeUnavailableError } from '../exchange/errors.js';
import { BadUserInputError, GatewayError, UpstreamUnavailableError } from '../schema/errors.js';
import type { Logger } from './logger.js';

type MaskError = NonNullable<Exclude<YogaServerOptions<object, object>['maskedErrors'], boolean | undefined>['maskError']>;

/** Maps an internal error to the contract error the client sees, or undefined to mask it. */
export function toContractError(error: unknown): GatewayError | undefined {
  if (error instanceof GatewayError) return error;
  if (error instanceof ExchangeRejectedError) {
    if (callerFaultExchangeCodes.has(error.exchangeCode)) {
      return new BadUserInputError(`The exchange refused the request: ${error.exchangeMessage}`, {
        exchangeCode: error.exchangeCode,
      });
    }
    return undefined;
  }
  if (error instanceof ExchangeUnavailableError) return new UpstreamUnavailableError();
  return undefined;
}

export function createMaskError(logger: Logger): MaskError {
  return (error, message) => {
    const graphqlError = error instanceof GraphQLError ? error : undefined;
    const cause = graphqlError?.originalError ?? error;
    const mapped = toContractError(cause) ?? (graphqlError && !graphqlError.originalError ? graphqlError : undefined);
    if (mapped) {
      // Already a contract error (thrown in a resolver and located by graphql-js): pass it as it is,
      // so expected client errors are neither re-wrapped nor logged as failures.
      if (mapped === graphqlError || (graphqlError && mapped === cause)) return graphqlError ?? mapped;
      return new GraphQLError(mapped.message, {
        nodes: graphqlError?.nodes,
        source: graphqlError?.source,
        positions: graphqlError?.positions,
        path: graphqlError?.path,
        originalError: mapped,
        extensions: mapped.extensions,
      });
    }
    logger.error({ err: cause, path: graphqlError?.path }, 'unexpected error (masked for the client)');
    return new GraphQLError(message, {
      nodes: graphqlError?.nodes,
      path: graphqlError?.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  };
}
