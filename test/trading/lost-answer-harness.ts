/** Setup of the tests of live orders whose answer is lost: shortened windows, two gateways sharing one store per store kind. */
import { beforeEach } from 'vitest';
import type { LoggedRequest } from '../../src/simulator/request-log.js';
import type { GraphQLResponse } from '../helpers/graphql-client.js';
import type { StoreKind } from '../helpers/test-stores.js';
import { fake, twoGatewaysOnOneStore, useExchangeAndStores } from './exchange-fixture.js';
import { liveEnv, liveMutation, type LiveOrder } from './live-env.js';
import type { KeyPool } from './trading-keys.js';

export { fake } from './exchange-fixture.js';

export const recvWindowMs = 500;
export const engineTimeoutMs = 200;
const env = {
  ...liveEnv,
  BINANCE_TIMEOUT_MS: '300',
  BINANCE_RECV_WINDOW_MS: String(recvWindowMs),
  LIVE_ORDER_ENGINE_TIMEOUT_MS: String(engineTimeoutMs),
  LIVE_ORDER_RECONCILE_TIMEOUT_MS: '2500',
  LIVE_ORDER_PENDING_WAIT_MS: '1000',
};

export interface LostAnswerGateways {
  /** Sends a MARKET BUY of 0.002 BTCUSDT with this client order id to gateway 0 or 1. */
  live: (gateway: number, apiKey: string, clientOrderId: string) => Promise<GraphQLResponse<{ liveTrade: LiveOrder }>>;
  /** The outcomes of the live-order audit lines gateway 0 or 1 wrote for this client order id, in order. */
  auditOf: (gateway: number, clientOrderId: string) => unknown[];
}

export interface LostAnswerHarness {
  /** The POST /api/v3/order requests the fake saw for this client order id. */
  posts: (clientOrderId: string) => LoggedRequest[];
  /**
   * Two gateways sharing one store of `kind`, for the enclosing describe; before each test the fake's
   * faults are cleared, orders are visible at once and BTCUSDT is at 64000.
   */
  gatewaysFor: (kind: StoreKind) => LostAnswerGateways;
}

/** Call at the top of the test file: starts the fake exchange, and closes it and the stores after the file. */
export function useLostAnswerHarness(keys: KeyPool): LostAnswerHarness {
  const stores = useExchangeAndStores();
  return {
    posts: (clientOrderId) =>
      fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/v3/order' && r.body.newClientOrderId === clientOrderId),
    gatewaysFor: (kind) => {
      const gateways = twoGatewaysOnOneStore(stores, kind, { ...env, API_KEYS: keys.env });
      beforeEach(() => {
        fake.clearFaults();
        fake.orders.setInvisibleForMs(0);
        fake.orders.setPrice('BTCUSDT', '64000');
      });
      return {
        live: (gateway, apiKey, clientOrderId) =>
          gateways[gateway]!.execute<{ liveTrade: LiveOrder }>(liveMutation, {
            apiKey,
            variables: { input: { symbol: 'BTCUSDT', side: 'BUY', quantity: '0.002', clientOrderId } },
          }),
        auditOf: (gateway, clientOrderId) =>
          gateways[gateway]!.logLines.map((line) => JSON.parse(line) as Record<string, unknown>)
            .filter((l) => l.audit === 'live-order' && l.clientOrderId === clientOrderId)
            .map((l) => l.outcome),
      };
    },
  };
}
