/**
 * The contract's error codes as GraphQLError subclasses. Throw these where the cause is known;
 * Yoga passes them to the client as they are, and masks everything else (see
 * schema/contract-errors.ts for internal errors that have a contract meaning).
 */
import { GraphQLError } from 'graphql';

/** The contract's error codes (the contract README's "Errors" table): the one list. */
export const errorCodes = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'RATE_LIMITED',
  'BAD_USER_INPUT',
  'INSUFFICIENT_BALANCE',
  'LIVE_TRADING_DISABLED',
  'ORDER_REJECTED',
  'UPSTREAM_RATE_LIMITED',
  'UPSTREAM_UNAVAILABLE',
  'NOT_FOUND',
  'NOT_CONFIGURED',
  'SLOW_CONSUMER',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** Codes the GraphQL machinery itself answers with (Yoga, graphql-js and the masking), besides the contract's. */
export const executorErrorCodes = ['INTERNAL_SERVER_ERROR', 'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST'] as const;

/** Base of every error a client can act on: carries `extensions.code`. */
export class GatewayError extends GraphQLError {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, extra: Record<string, unknown> = {}, cause?: unknown) {
    super(message, { extensions: { code, ...extra }, originalError: cause instanceof Error ? cause : undefined });
    this.code = code;
  }
}

/** No API key, or an unknown one. HTTP transports answer 401. */
export class UnauthenticatedError extends GatewayError {
  constructor(message = 'A valid API key is required (header X-API-Key).') {
    super('UNAUTHENTICATED', message, { http: { status: 401 } });
  }
}

/** The key lacks the scope the operation needs. */
export class ForbiddenError extends GatewayError {
  constructor(message: string) {
    super('FORBIDDEN', message);
  }
}

/** A client rate limit was hit; `retryAfter` in whole seconds. */
export class RateLimitedError extends GatewayError {
  constructor(message: string, retryAfterSeconds: number) {
    super('RATE_LIMITED', message, { retryAfter: retryAfterSeconds });
  }
}

/** Unknown symbol, bad decimal, out-of-bounds limit or range, an order that breaks a filter. */
export class BadUserInputError extends GatewayError {
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super('BAD_USER_INPUT', message, extra);
  }
}

/** A paper trade the paper account cannot pay for. */
export class InsufficientBalanceError extends GatewayError {
  constructor(message: string) {
    super('INSUFFICIENT_BALANCE', message);
  }
}

/** `liveTrade` while LIVE_TRADING is not `on`. */
export class LiveTradingDisabledError extends GatewayError {
  constructor() {
    super('LIVE_TRADING_DISABLED', 'Live trading is switched off on this gateway (LIVE_TRADING=on enables it).');
  }
}

/** The exchange refused the order. */
export class OrderRejectedError extends GatewayError {
  constructor(exchangeCode: number, exchangeMessage: string, extra: Record<string, unknown> = {}) {
    super('ORDER_REJECTED', `The exchange rejected the order: ${exchangeMessage}`, {
      exchangeCode,
      exchangeMessage,
      ...extra,
    });
  }
}

/** The exchange told us to back off (429/418); `retryAfter` in whole seconds. */
export class UpstreamRateLimitedError extends GatewayError {
  constructor(retryAfterSeconds: number) {
    super('UPSTREAM_RATE_LIMITED', `The exchange asked us to back off; retry in ${retryAfterSeconds} s.`, {
      retryAfter: retryAfterSeconds,
    });
  }
}

/** The exchange did not answer in time, or failed after retries. */
export class UpstreamUnavailableError extends GatewayError {
  constructor(message = 'The exchange did not answer in time; try again.', extra: Record<string, unknown> = {}) {
    super('UPSTREAM_UNAVAILABLE', message, extra);
  }
}

/** An order id this key never used, or an API key id that does not exist. */
export class NotFoundError extends GatewayError {
  constructor(message: string) {
    super('NOT_FOUND', message);
  }
}

/** A feature whose configuration is missing (CREDENTIALS_KEY), or stored data it cannot read. */
export class NotConfiguredError extends GatewayError {
  constructor(message: string) {
    super('NOT_CONFIGURED', message);
  }
}

/**
 * A subscriber fell too far behind its stream and was disconnected: candles (resume with `since`;
 * extension pendingClosedBars) or trades (extension pendingTrades).
 */
export class SlowConsumerError extends GatewayError {
  constructor(pending: number, of: 'closed bars' | 'trades' = 'closed bars') {
    super(
      'SLOW_CONSUMER',
      of === 'trades'
        ? `This subscription fell too far behind (${pending} trades not yet read) and was ended.`
        : `This subscription fell too far behind (${pending} closed bars not yet read) and was ended; subscribe again with since to resume.`,
      of === 'trades' ? { pendingTrades: pending } : { pendingClosedBars: pending },
    );
  }
}

/** An orderUpdates subscriber fell too far behind its order updates and was disconnected. */
export class SlowOrderUpdatesConsumerError extends GatewayError {
  constructor(pendingUpdates: number) {
    super(
      'SLOW_CONSUMER',
      `This subscription fell too far behind (${pendingUpdates} order updates not yet read) and was ended; subscribe again and read the orders (Account.openOrders, Account.order) to catch up.`,
      { pendingUpdates },
    );
  }
}
