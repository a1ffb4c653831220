/**
 * Example: a typed client of the gateway in Node. It reads recent candles, places a paper trade,
 * shows the paper balances, places a resting paper LIMIT order while following orderUpdates,
 * cancels it and waits for the CANCELED update, then follows the live candles for a few updates.
 *
 *   GATEWAY_URL=http://127.0.0.1:4000 GATEWAY_API_KEY=<key with read,trade> npx tsx examples/typed-client.ts
 *
 * Optional: SYMBOL (BTCUSDT), LIVE_UPDATES (3). Amounts stay decimal strings; the one sum below is
 * done with decimal.js, never with floats.
 */
import { Decimal } from 'decimal.js';
import { createGatewayClient, GatewayError } from './gateway-client.js';
import { CancelPaperOrder, FollowCandles, FollowOrderUpdates, PaperBalances, PlaceLimitOrder, PlacePaperTrade, RecentCandles } from './operations.js';

const url = process.env['GATEWAY_URL'] ?? 'http://127.0.0.1:4000';
const apiKey = process.env['GATEWAY_API_KEY'];
const symbol = process.env['SYMBOL'] ?? 'BTCUSDT';
const liveUpdates = Number(process.env['LIVE_UPDATES'] ?? '3');

async function main(key: string): Promise<void> {
  const client = createGatewayClient({ url, apiKey: key });
  try {
    const { ohlcv } = await client.execute(RecentCandles, { symbol, interval: 'MIN_1', limit: 5 });
    const last = ohlcv.at(-1);
    console.log(`candles: ${ohlcv.length} ${symbol} MIN_1 bars, last close ${last?.close ?? '-'} at ${last?.openTime ?? '-'}`);

    const { trade } = await client.execute(PlacePaperTrade, {
      input: { symbol, side: 'BUY', type: 'MARKET', quoteQuantity: '100' },
    });
    const fees = trade.fills.reduce((sum, fill) => sum.plus(fill.commission), new Decimal(0));
    console.log(
      `paper trade: ${trade.side} ${trade.executedQuantity} ${trade.symbol} for ${trade.quoteQuantity}, ` +
        `${trade.status}, fees ${fees.toFixed()}, clientOrderId ${trade.clientOrderId}`,
    );

    const { paperAccount } = await client.execute(PaperBalances, {});
    console.log(`balances: ${paperAccount.balances.map((b) => `${b.asset} ${b.free}`).join(', ')}`);

    // A LIMIT BUY 5 % below the last close rests (BTCUSDT's tick is 0.01): follow its updates, cancel it.
    let connected: () => void = () => undefined;
    const subscribed = new Promise<void>((resolve) => (connected = resolve));
    const updates = client.subscribe(FollowOrderUpdates, { mode: 'PAPER' }, () => connected());
    const nextUpdate = updates[Symbol.asyncIterator]();
    const firstUpdate = nextUpdate.next();
    await subscribed;
    const price = new Decimal(last?.close ?? '0').times('0.95').toDecimalPlaces(2, Decimal.ROUND_DOWN).toFixed();
    const { trade: limit } = await client.execute(PlaceLimitOrder, { input: { symbol, side: 'BUY', type: 'LIMIT', price, quantity: '0.001' } });
    console.log(`limit order: ${limit.status} ${limit.side} ${limit.quantity} at ${limit.price ?? '-'}, clientOrderId ${limit.clientOrderId}`);
    const { cancelOrder } = await client.execute(CancelPaperOrder, { symbol, clientOrderId: limit.clientOrderId });
    console.log(`cancel: ${cancelOrder.clientOrderId} ${cancelOrder.status} at ${cancelOrder.updatedAt}`);
    for (let update = await firstUpdate; !update.done; update = await nextUpdate.next()) {
      const { event, order } = update.value.orderUpdates;
      if (order.clientOrderId !== limit.clientOrderId) continue;
      console.log(`update: ${event} ${order.clientOrderId} ${order.status}`);
      if (event === 'CANCELED') break;
    }
    await nextUpdate.return?.(undefined);

    let seen = 0;
    for await (const { candles } of client.subscribe(FollowCandles, { symbol, interval: 'MIN_1' })) {
      console.log(`live: ${symbol} ${candles.openTime} close ${candles.close}${candles.closed ? ' (closed)' : ''}`);
      if (++seen >= liveUpdates) break;
    }
  } finally {
    client.close();
  }
}

if (!apiKey) {
  console.error('Set GATEWAY_API_KEY to a key with the read and trade scopes (npm run apikey mints one).');
  process.exit(2);
}
main(apiKey).catch((error: unknown) => {
  console.error(error instanceof GatewayError ? `gateway error ${error.code}: ${error.message}` : error);
  process.exit(1);
});
