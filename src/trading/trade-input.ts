/**
 * The TradeInput GraphQL type and its normalization into a TradeRequest: contradictory input
 * (both or neither of quantity and quoteQuantity, a price on a MARKET order, ...) is refused here,
 * before any symbol lookup, with BAD_USER_INPUT saying what is wrong.
 */
import { builder } from '../schema/builder.js';
import { BadUserInputError } from '../schema/errors.js';
import { clientOrderIdPattern, generateClientOrderId } from './client-order-id.js';
import { Dec } from './decimal.js';
import type { OrderSide, OrderType, TimeInForce, TradeRequest } from './order.js';
import { OrderSideEnum, OrderTypeEnum, TimeInForceEnum } from './order-type.js';

/** TradeInput as GraphQL hands it to a resolver. */
export interface TradeInputArgs {
  symbol: string;
  side: OrderSide;
  type?: OrderType | null;
  quantity?: string | null;
  quoteQuantity?: string | null;
  price?: string | null;
  timeInForce?: TimeInForce | null;
  clientOrderId?: string | null;
}

export const TradeInputRef = builder.inputType('TradeInput', {
  fields: (t) => ({
    symbol: t.string({ required: true }),
    side: t.field({ type: OrderSideEnum, required: true }),
    type: t.field({ type: OrderTypeEnum, required: true, defaultValue: 'MARKET' }),
    quantity: t.field({ type: 'Decimal', description: 'Base-asset quantity.' }),
    quoteQuantity: t.field({
      type: 'Decimal',
      description: 'Quote-asset amount to spend or receive (MARKET only), instead of quantity.',
    }),
    price: t.field({ type: 'Decimal', description: 'Limit price (LIMIT only).' }),
    timeInForce: t.field({ type: TimeInForceEnum }),
    clientOrderId: t.string({ description: 'Idempotency key; generated when absent.' }),
  }),
});

const given = <T>(value: T | null | undefined): value is T => value !== null && value !== undefined;

/** Checks the input's shape and fills in the defaults (type MARKET, timeInForce GTC, a generated id). */
export function toTradeRequest(input: TradeInputArgs): TradeRequest {
  const type = input.type ?? 'MARKET';
  if (given(input.clientOrderId) && !clientOrderIdPattern.test(input.clientOrderId)) {
    throw new BadUserInputError('clientOrderId must be 1 to 36 letters, digits, "-" or "_" (^[a-zA-Z0-9_-]{1,36}$).');
  }
  if (given(input.quantity) && given(input.quoteQuantity)) {
    throw new BadUserInputError('Give quantity or quoteQuantity, not both.');
  }
  if (!given(input.quantity) && !given(input.quoteQuantity)) {
    throw new BadUserInputError('Give quantity (base asset) or quoteQuantity (quote asset, MARKET only).');
  }
  if (type === 'MARKET') {
    if (given(input.price)) throw new BadUserInputError('price applies to LIMIT orders only; a MARKET order fills at the market price.');
    if (given(input.timeInForce)) throw new BadUserInputError('timeInForce applies to LIMIT orders only.');
  } else {
    if (!given(input.price)) throw new BadUserInputError('A LIMIT order needs a price.');
    if (given(input.quoteQuantity)) throw new BadUserInputError('quoteQuantity applies to MARKET orders only; give quantity.');
  }
  const price = given(input.price) ? new Dec(input.price) : undefined;
  if (price !== undefined && price.lte(0)) throw new BadUserInputError('price must be greater than 0.');
  const quoteQuantity = given(input.quoteQuantity) ? new Dec(input.quoteQuantity) : undefined;
  if (quoteQuantity !== undefined && quoteQuantity.lte(0)) throw new BadUserInputError('quoteQuantity must be greater than 0.');
  return {
    symbol: input.symbol.trim().toUpperCase(),
    side: input.side,
    type,
    quantity: given(input.quantity) ? new Dec(input.quantity) : undefined,
    quoteQuantity,
    price,
    timeInForce: type === 'LIMIT' ? (input.timeInForce ?? 'GTC') : undefined,
    clientOrderId: input.clientOrderId ?? generateClientOrderId(),
  };
}
