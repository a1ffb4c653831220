/**
 * Yoga plugin (graphql-armor) bounding what one operation may ask for: depth, aliases, tokens,
 * directives and cost. Rejections become BAD_USER_INPUT errors with a plain message (the armor's
 * own carry no code and start with "Syntax Error:"), answered as failed validations are (GraphQL
 * over HTTP: 400 to clients accepting application/graphql-response+json). Field suggestions
 * ("Did you mean …?") are blocked in production, where they would map the schema for a scanner.
 *
 * The limits leave room for every operation the contract serves: its deepest legitimate selection
 * is 4 levels (paperAccount → orders → fills → price), markets → candles → close is 3, and the
 * GraphiQL example costs about 60.
 *
 * Introspection has bounds of its own. The armor's `ignoreIntrospection` leaves `__schema` out of
 * the depth and cost above (the standard introspection query is 21 deep and costs about 87,500 by
 * the armor's measure, far over what data queries need), and with it any `ofType` chain one cares
 * to write. So a second depth and cost rule counts everything, introspection included, against
 * bounds that fit the standard query (graphql's getIntrospectionQuery, which GraphiQL and codegen
 * send, typeDepth 9, every option on) with little to spare; data queries stay held by the tighter
 * bounds. `introspection: false` (INTROSPECTION=off) refuses `__schema` and `__type` altogether.
 */
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';
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
  /** Nesting, introspection included (the standard introspection query is 21). @default 22 */
  maxIntrospectionDepth: number;
  /** Cost, introspection included (the standard introspection query is about 87,500). @default 100000 */
  maxIntrospectionCost: number;
}

export const defaultRequestLimits: RequestLimits = {
  maxDepth: 8,
  maxAliases: 20,
  maxTokens: 2000,
  maxDirectives: 50,
  maxCost: 5000,
  maxIntrospectionDepth: 22,
  maxIntrospectionCost: 100_000,
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

/** How every validation rule of the armor reports a rejection. */
interface RuleReporting {
  onReject: typeof reportAsBadInput;
  propagateOnRejection: boolean;
  exposeLimits: boolean;
}

/** Refuses `__schema` and `__type` (not `__typename`, which clients use to tell types apart). */
const noIntrospection: ValidationRule = (context) => ({
  Field(node) {
    const name = node.name.value;
    if (name !== '__schema' && name !== '__type') return;
    context.reportError(
      new GraphQLError(`Introspection is disabled on this gateway (INTROSPECTION=off): "${name}" is not answered.`, {
        nodes: node,
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      }),
    );
  },
});

export function useRequestLimits(options: { production: boolean; introspection?: boolean; limits?: Partial<RequestLimits> }): Plugin {
  const limits = { ...defaultRequestLimits, ...options.limits };
  const validationRule: RuleReporting = { onReject: reportAsBadInput, propagateOnRejection: false, exposeLimits: true };
  const introspectionRules: ValidationRule[] =
    options.introspection === false
      ? [noIntrospection]
      : [
          maxDepthRule({ n: limits.maxIntrospectionDepth, ignoreIntrospection: false, ...validationRule }),
          costLimitRule({ maxCost: limits.maxIntrospectionCost, ignoreIntrospection: false, ...validationRule }),
        ];
  return {
    onPluginInit({ addPlugin }) {
      addPlugin({ onValidate: ({ addValidationRule }) => introspectionRules.forEach((rule) => addValidationRule(rule)) });
      addPlugin(armor(limits, options.production, validationRule));
    },
  };
}

function armor(
  limits: RequestLimits,
  production: boolean,
  validationRule: RuleReporting,
): Plugin {
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
    blockFieldSuggestion: { enabled: production },
  });
}
