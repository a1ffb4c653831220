/**
 * Shared pieces of the order-lifecycle tests: the GraphQL documents (trade, cancels, accounts,
 * orderUpdates), typed results, subscribers over SSE and graphql-ws, and levers on the simulator's
 * market (the book top a test can rely on, a trade printed exactly when the test wants).
 */
import type { FakeExchange } from '../../src/simulator/fake-exchange.js';
import { expectData } from '../helpers/graphql-client.js';
import type { TestGateway } from '../helpers/test-gateway.js';
import { collect, sseClient, waitUntil, wsClient, type Collector } from '../streaming/live-clients.js';

export const orderFields =
  'mode symbol clientOrderId exchangeOrderId side type status price stopPrice timeInForce quantity executedQuantity quoteQuantity averagePrice createdAt updatedAt fills { price quantity commission commissionAsset }';

export const tradeMutation = `mutation Trade($input: TradeInput!) { trade(input: $input) { ${orderFields} } }`;
export const liveTradeMutation = `mutation Live($input: TradeInput!) { liveTrade(input: $input) { ${orderFields} } }`;
export const cancelMutation = `mutation Cancel($symbol: String!, $id: String!) { cancelOrder(symbol: $symbol, clientOrderId: $id) { ${orderFields} } }`;
export const cancelOpenMutation = `mutation CancelAll($symbol: String!) { cancelOpenOrders(symbol: $symbol) { ${orderFields} } }`;
export const cancelLiveMutation = `mutation CancelLive($symbol: String!, $id: String!) { cancelLiveOrder(symbol: $symbol, clientOrderId: $id) { ${orderFields} } }`;
export const cancelLiveOpenMutation = `mutation CancelLiveAll($symbol: String!) { cancelLiveOpenOrders(symbol: $symbol) { ${orderFields} } }`;
const accountFields = `balances { asset free locked } open: openOrders(symbol: $symbol) { ${orderFields} } orders(symbol: $symbol, limit: $limit) { ${orderFields} } one: order(clientOrderId: $id) { ${orderFields} }`;
export const paperAccountQuery = `query Paper($symbol: String, $limit: Int, $id: String!) { paperAccount { ${accountFields} } }`;
export const liveAccountQuery = `query Live($symbol: String, $limit: Int, $id: String!) { liveAccount { canTrade ${accountFields} } }`;
export const orderUpdatesSubscription = `subscription Updates($mode: TradeMode!) { orderUpdates(mode: $mode) { event at fill { price quantity commission commissionAsset } order { ${orderFields} } } }`;

export interface Fill {
  price: string;
  quantity: string;
  commission: string;
  commissionAsset: string;
}
export interface Order {
  mode: string;
  symbol: string;
  clientOrderId: string;
  exchangeOrderId: string | null;
  side: string;
  type: string;
  status: string;
  price: string | null;
  stopPrice: string | null;
  timeInForce: string | null;
  quantity: string;
  executedQuantity: string;
  quoteQuantity: string;
  averagePrice: string | null;
  createdAt: string;
  updatedAt: string;
  fills: Fill[];
}
export interface Balance {
  asset: string;
  free: string;
  locked: string;
}
export interface AccountView {
  canTrade?: boolean;
  balances: Balance[];
  open: Order[];
  orders: Order[];
  one: Order | null;
}
export interface UpdateEvent {
  data?: { orderUpdates: { event: string; at: string; fill: Fill | null; order: Order } } | null;
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}

export async function placePaper(gateway: TestGateway, apiKey: string, input: Record<string, unknown>): Promise<Order> {
  return expectData(await gateway.execute<{ trade: Order }>(tradeMutation, { apiKey, variables: { input } })).trade;
}

export async function paperAccount(gateway: TestGateway, apiKey: string, variables: { symbol?: string; limit?: number; id?: string } = {}): Promise<AccountView> {
  return expectData(await gateway.execute<{ paperAccount: AccountView }>(paperAccountQuery, { apiKey, variables: { id: '-', ...variables } })).paperAccount;
}

export async function cancelPaper(gateway: TestGateway, apiKey: string, symbol: string, id: string): Promise<Order> {
  return expectData(await gateway.execute<{ cancelOrder: Order }>(cancelMutation, { apiKey, variables: { symbol, id } })).cancelOrder;
}

/** A subscriber of the key's order updates over SSE (graphql-sse) or graphql-ws. */
export interface UpdateSubscriber extends Collector<UpdateEvent> {
  updates(): { event: string; clientOrderId: string; status: string; fill: Fill | null }[];
  dispose(): Promise<void>;
}

export async function subscribeUpdates(gateway: TestGateway, apiKey: string, mode: 'PAPER' | 'LIVE', transport: 'sse' | 'ws' = 'sse'): Promise<UpdateSubscriber> {
  const client = transport === 'sse' ? sseClient(gateway.url, apiKey) : wsClient(gateway.url, apiKey);
  const count = () => gateway.gateway.services.orderUpdates.subscriberCount(mode, keyIdOf(apiKey));
  const before = count();
  const events = collect(client.iterate({ query: orderUpdatesSubscription, variables: { mode } }) as AsyncIterableIterator<UpdateEvent>);
  // Subscribed once the server holds one more subscriber of the key (subscribe one at a time per key).
  await waitUntil(() => count() > before || events.done, 'the subscription to start');
  return Object.assign(events, {
    updates: () =>
      events.items.flatMap((e) => {
        const u = e.data?.orderUpdates;
        return u ? [{ event: u.event, clientOrderId: u.order.clientOrderId, status: u.order.status, fill: u.fill }] : [];
      }),
    dispose: async () => {
      await events.stop();
      const disposed = client.dispose();
      if (disposed instanceof Promise) await disposed;
    },
  });
}

/** The key id behind a test key (test/trading/trading-keys.ts: key-<id>). */
export function keyIdOf(apiKey: string): string {
  return apiKey.replace(/^key-/, '');
}

/** Stops the symbol's automatic tape and returns its book top then, as decimals in strings. */
export function freezeMarket(fake: FakeExchange, symbol: string): { bid: string; ask: string } {
  fake.market.pause(symbol);
  const book = fake.market.book(symbol, 1);
  return { bid: (book.bids[0] as [string, string])[0], ask: (book.asks[0] as [string, string])[0] };
}

/** Waits until the gateway's paper quote of `symbol` shows this ask (the book-ticker stream caught up). */
export async function quoteShows(gateway: TestGateway, symbol: string, ask: string): Promise<void> {
  const quotes = gateway.gateway.services.paperQuotes;
  let current = '';
  await waitUntil(() => {
    void quotes.quote(symbol).then((q) => (current = q.ask.toFixed()));
    return current !== '' && Number(current) === Number(ask);
  }, `the ${symbol} quote to show ask ${ask} (now ${current})`);
}
