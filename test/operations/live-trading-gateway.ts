/** The gateway an operations test observes: live trading on, against a fake exchange streaming every 100 ms. */
import { afterAll, beforeAll } from 'vitest';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/** The fake exchange's default credentials, which the gateway signs live orders with. */
export const exchangeKey = 'sim-api-key';
export const exchangeSecret = 'sim-api-secret';

// ESM live bindings, set by useLiveTradingGateway's beforeAll.
export let fake: FakeExchange;
export let gw: TestGateway;

/** Call at the top of the test file: starts the fake and the gateway (with `env` on top) before its tests, stops both after. */
export function useLiveTradingGateway(env: Record<string, string>): void {
  beforeAll(async () => {
    fake = await startFakeExchange({ streamUpdateIntervalMs: 100 });
    gw = await startTestGateway({
      fake,
      env: {
        LIVE_TRADING: 'on',
        BINANCE_API_KEY: exchangeKey,
        BINANCE_API_SECRET: exchangeSecret,
        ...env,
      },
    });
  });
  afterAll(async () => {
    await gw.stop();
    await fake.close();
  });
}
