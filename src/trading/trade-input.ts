/**
 * The TradeInput GraphQL type and its normalization into a TradeRequest: contradictory input
 * (both or neither of quantity and quoteQuantity, a price on a MARKET order, a stopPrice on an order
 * that is no stop order, ...) is refused here, before any symbol lookup, with BAD_USER_INPUT saying
 * what is wrong, as the exchange refuses parameters an order type does not take.
 */
import { builder } from '../schema/builder.js';
import { BadUserInputError } from '../schema/errors.js';
import { clientOrderIdPattern, generateClientOrderId } from './client-order-id.js';
import { Dec } from './decimal.js';
import { stopOrderTypes, type OrderSide, type OrderType, type TimeInForce, type TradeRequest } from './order.js';
import { OrderSideEnum, OrderTypeEnum, TimeInForceEnum } from './order-type.js';

/** TradeInput as GraphQL hands it to a resolver. */
export interface TradeInputArgs {
  symbol: string;
  side: OrderSide;
  type?: OrderType | null;
  quantity?: string | null;
  quoteQuantity?: string | null;
  price?: string | null;
  stopPrice?: string | null;
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
    price: t.field({ type: 'Decimal', description: 'Limit price (every type but MARKET).' }),
    stopPrice: t.field({ type: 'Decimal', description: 'Trigger price (STOP_LOSS_LIMIT and TAKE_PROFIT_LIMIT only).' }),
    timeInForce: t.field({ type: TimeInForceEnum, description: 'LIMIT, STOP_LOSS_LIMIT and TAKE_PROFIT_LIMIT; GTC when absent.' }),
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
  checkTypeParameters(type, input);
  const price = positive(input.price, 'price');
  const stopPrice = positive(input.stopPrice, 'stopPrice');
  const quoteQuantity = positive(input.quoteQuantity, 'quoteQuantity');
  return {
    symbol: input.symbol.trim().toUpperCase(),
    side: input.side,
    type,
    quantity: given(input.quantity) ? new Dec(input.quantity) : undefined,
    quoteQuantity,
    price,
    stopPrice,
    timeInForce: type === 'MARKET' || type === 'LIMIT_MAKER' ? undefined : (input.timeInForce ?? 'GTC'),
    clientOrderId: input.clientOrderId ?? generateClientOrderId(),
  };
}

/** The parameters each type takes, as the exchange has them (binance-spot.md §11). */
function checkTypeParameters(type: OrderType, input: TradeInputArgs): void {
  const isStop = stopOrderTypes.has(type);
  if (type === 'MARKET') {
    if (given(input.price)) throw new BadUserInputError('price applies to LIMIT orders only, and to the LIMIT_MAKER and stop types; a MARKET order fills at the market price.');
    if (given(input.timeInForce)) throw new BadUserInputError('timeInForce applies to LIMIT orders only, and to STOP_LOSS_LIMIT and TAKE_PROFIT_LIMIT.');
  } else {
    if (!given(input.price)) throw new BadUserInputError(`A ${type} order needs a price.`);
    if (given(input.quoteQuantity)) throw new BadUserInputError('quoteQuantity applies to MARKET orders only; give quantity.');
  }
  if (type === 'LIMIT_MAKER' && given(input.timeInForce)) {
    throw new BadUserInputError('A LIMIT_MAKER order takes no timeInForce: it only rests (GTC).');
  }
  if (isStop && !given(input.stopPrice)) throw new BadUserInputError(`A ${type} order needs a stopPrice.`);
  if (!isStop && given(input.stopPrice)) throw new BadUserInputError('stopPrice applies to STOP_LOSS_LIMIT and TAKE_PROFIT_LIMIT orders only.');
}

/** A given decimal, which must be above zero. */
function positive(value: string | null | undefined, name: string): Dec | undefined {
  if (!given(value)) return undefined;
  const decimal = new Dec(value);
  if (decimal.lte(0)) throw new BadUserInputError(`${name} must be greater than 0.`);
  return decimal;
}
