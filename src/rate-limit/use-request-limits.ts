/**
 * Yoga plugin (graphql-armor) bounding what one operation may ask for: depth, aliases, tokens,
 * directives and cost. Rejections become BAD_USER_INPUT errors with a plain message (the armor's
 * own carry no code and start with "Syntax Error:"), answered as failed validations are (GraphQL
 * over HTTP: 400 to clients accepting application/graphql-response+json). Field suggestions
 * ("Did you mean …?") are blocked in production, where they would map the schema for a scanner.
 *
 * The limits leave room for every operation the contract serves: its deepest legitimate selection
 * is 4 levels (paperAccount → orders → fills → price), markets → candles → close is 3, and the
 * GraphiQL example costs about 60. Introspection is not counted against depth or cost, so
 * GraphiQL and codegen keep working.
 */
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { GraphQLError, ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { BadUserInputError } from '../schema/errors.js';

/** The bounds, per operation. */
export interface RequestLimits {
  /** Nesting of selections. @default 8 */
  maxDepth: number;
  /** Aliased fields. @default 20 */
  maxAliases: number;
  /** Lexical tokens of the query text. @default 2000 */
  maxTokens: number;
  /** Directives used. @default 50 */
  maxDirectives: number;
  /** graphql-armor's cost (objects 2, scalars 1, ×1.5 per level). @default 5000 */
  maxCost: number;
}

export const defaultRequestLimits: RequestLimits = {
  maxDepth: 8,
  maxAliases: 20,
  maxTokens: 2000,
  maxDirectives: 50,
  maxCost: 5000,
};

/** The armor's message without its misleading "Syntax Error: " prefix. */
function plainMessage(error: GraphQLError): string {
  return `Operation rejected: ${error.message.replace(/^Syntax Error: /, '')}`;
}

function rejection(error: GraphQLError): BadUserInputError {
  return new BadUserInputError(plainMessage(error));
}

/** Validation rules report the error (a failed validation, HTTP 400) instead of throwing the armor's. */
const reportAsBadInput = [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(rejection(error))];

export function useRequestLimits(options: { production: boolean; limits?: Partial<RequestLimits> }): Plugin {
  const limits = { ...defaultRequestLimits, ...options.limits };
  const validationRule = { onReject: reportAsBadInput, propagateOnRejection: false, exposeLimits: true };
  return EnvelopArmorPlugin({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true, ...validationRule },
    maxAliases: { n: limits.maxAliases, ...validationRule },
    maxDirectives: { n: limits.maxDirectives, ...validationRule },
    costLimit: { maxCost: limits.maxCost, ignoreIntrospection: true, ...validationRule },
    maxTokens: {
      n: limits.maxTokens,
      exposeLimits: true,
      // The token count runs inside the parser, which must stop at the limit: throw from here.
      onReject: [
        (_context, error) => {
          throw rejection(error);
        },
      ],
    },
    blockFieldSuggestion: { enabled: options.production },
  });
}
