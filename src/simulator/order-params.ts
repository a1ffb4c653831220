/**
 * Reads the parameters of POST /api/v3/order (and /order/test) the way Binance validates them:
 * mandatory fields (-1102), enums, the decimal and client-id patterns (-1100), precision (-1111),
 * and the per-type rules (e.g. timeInForce on a MARKET order is -1106; stop types need stopPrice).
 */
import { BinanceError, illegalChars, invalidSymbol, missingParam } from './binance-error.js';
import { DECIMAL_PATTERN, Dec } from './decimals.js';
import type { ListedSymbol } from './symbols.js';

export type OrderSide = 'BUY' | 'SELL';
export type OrderType = 'MARKET' | 'LIMIT' | 'LIMIT_MAKER' | StopType;
export type StopType = 'STOP_LOSS' | 'STOP_LOSS_LIMIT' | 'TAKE_PROFIT' | 'TAKE_PROFIT_LIMIT';
export type TimeInForce = 'GTC' | 'IOC' | 'FOK';
export type ResponseType = 'ACK' | 'RESULT' | 'FULL';

/** A validated new order, before filters and the matching engine. */
export interface NewOrder {
  symbol: ListedSymbol;
  side: OrderSide;
  type: OrderType;
  timeInForce?: TimeInForce;
  quantity?: Dec;
  quoteOrderQty?: Dec;
  price?: Dec;
  clientOrderId?: string;
  /** Stop and take-profit types only. */
  stopPrice?: Dec;
  respType: ResponseType;
}

export const CLIENT_ORDER_ID_PATTERN = /^[a-zA-Z0-9-_]{1,36}$/;
/** Every order type the simulator takes, in the order exchangeInfo lists them. */
export const ORDER_TYPES: readonly OrderType[] = ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'];
const ORDER_TYPE_SET = new Set<string>(ORDER_TYPES);
const STOP_TYPES = new Set<string>(['STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT']);
/** Types that rest at a limit price and so need one (and a timeInForce, except LIMIT_MAKER). */
const PRICED_TYPES = new Set<string>(['LIMIT', 'LIMIT_MAKER', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT']);

export function isStopType(type: OrderType): type is StopType {
  return STOP_TYPES.has(type);
}
const MAX_DECIMALS = 8;

function decimalParam(params: Record<string, string>, name: string): Dec | undefined {
  const raw = params[name];
  if (raw === undefined || raw === '') return undefined;
  if (!DECIMAL_PATTERN.test(raw)) throw illegalChars(name, '^([0-9]{1,20})(\\.[0-9]{1,20})?$');
  const decimals = (raw.split('.')[1] ?? '').replace(/0+$/, '').length;
  if (decimals > MAX_DECIMALS) throw new BinanceError(400, -1111, `Parameter '${name}' has too much precision.`);
  return new Dec(raw);
}

const notRequired = (name: string): BinanceError =>
  new BinanceError(400, -1106, `Parameter '${name}' sent when not required.`);

export function parseNewOrder(params: Record<string, string>, symbols: Map<string, ListedSymbol>): NewOrder {
  if (!params.symbol) throw missingParam('symbol');
  const symbol = symbols.get(params.symbol);
  if (!symbol) throw invalidSymbol();
  if (!params.side) throw missingParam('side');
  if (params.side !== 'BUY' && params.side !== 'SELL') throw new BinanceError(400, -1117, 'Invalid side.');
  if (!params.type) throw missingParam('type');
  if (!ORDER_TYPE_SET.has(params.type)) throw new BinanceError(400, -1116, 'Invalid orderType.');
  const type = params.type as OrderType;
  if (params.trailingDelta) throw new BinanceError(400, -2010, 'Trailing stop orders are not supported for this symbol.');
  if (params.icebergQty && params.icebergQty !== '0') throw new BinanceError(400, -2010, 'Iceberg orders are not supported for this symbol.');
  const stp = params.selfTradePreventionMode || undefined;
  if (stp !== undefined && stp !== 'NONE') throw illegalChars('selfTradePreventionMode', 'NONE');
  const tif = params.timeInForce || undefined;
  if (tif !== undefined && tif !== 'GTC' && tif !== 'IOC' && tif !== 'FOK') {
    throw new BinanceError(400, -1115, 'Invalid timeInForce.');
  }
  // MARKET and LIMIT answer FULL by default, every other type ACK.
  const respType = params.newOrderRespType || (type === 'MARKET' || type === 'LIMIT' ? 'FULL' : 'ACK');
  if (respType !== 'ACK' && respType !== 'RESULT' && respType !== 'FULL') {
    throw new BinanceError(400, -1100, "Illegal characters found in parameter 'newOrderRespType'; legal range is 'ACK, RESULT, FULL'.");
  }
  const clientOrderId = params.newClientOrderId || undefined;
  if (clientOrderId !== undefined && !CLIENT_ORDER_ID_PATTERN.test(clientOrderId)) {
    throw illegalChars('newClientOrderId', '^[a-zA-Z0-9-_]{1,36}$');
  }
  const quantity = decimalParam(params, 'quantity');
  const quoteOrderQty = decimalParam(params, 'quoteOrderQty');
  const price = decimalParam(params, 'price');
  const stopPrice = decimalParam(params, 'stopPrice');

  const order: NewOrder = { symbol, side: params.side, type, respType };
  if (clientOrderId) order.clientOrderId = clientOrderId;
  if (STOP_TYPES.has(type)) {
    if (!stopPrice) throw missingParam('stopPrice');
    order.stopPrice = stopPrice;
  } else if (stopPrice) {
    throw notRequired('stopPrice');
  }
  if (type === 'MARKET') {
    if (tif) throw notRequired('timeInForce');
    if (price) throw notRequired('price');
    if (!quantity && !quoteOrderQty) {
      throw new BinanceError(400, -1102, "Param 'quantity' or 'quoteOrderQty' must be sent, but both were empty/null!");
    }
    if (quantity && quoteOrderQty) {
      throw new BinanceError(400, -1102, "Param 'quantity' or 'quoteOrderQty' must be sent, but not both.");
    }
    if (quoteOrderQty && !symbol.spec.quoteOrderQtyMarketAllowed) {
      throw new BinanceError(400, -1013, 'Quote order qty market orders are not support for this symbol.');
    }
    if (quantity) order.quantity = quantity;
    if (quoteOrderQty) order.quoteOrderQty = quoteOrderQty;
    return order;
  }
  if (quoteOrderQty) throw notRequired('quoteOrderQty');
  if (PRICED_TYPES.has(type) && type !== 'LIMIT_MAKER') {
    if (!tif) throw missingParam('timeInForce');
    order.timeInForce = tif;
  } else if (tif) {
    throw notRequired('timeInForce');
  }
  if (!quantity) throw missingParam('quantity');
  order.quantity = quantity;
  if (PRICED_TYPES.has(type)) {
    if (!price) throw missingParam('price');
    order.price = price;
  } else if (price) {
    throw notRequired('price');
  }
  return order;
}
