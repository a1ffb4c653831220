/**
 * Yoga's error masking, the edge where internal errors become what the client sees: contract
 * errors (schema/contract-errors.ts maps internal ones that have a contract meaning) pass; anything
 * else is logged with its cause and reaches the client only as a generic message.
 */
import { GraphQLError } from 'graphql';
import type { YogaServerOptions } from 'graphql-yoga';
import type { Logger } from '../observability/logger.js';
import { toContractError } from '../schema/contract-errors.js';

type MaskError = NonNullable<Exclude<YogaServerOptions<object, object>['maskedErrors'], boolean | undefined>['maskError']>;

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
