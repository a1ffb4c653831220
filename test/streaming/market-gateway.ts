/** A simulator and a gateway for the market-stream tests: a high weight limit, short grace and reconnect delays. */
import { afterAll, beforeAll } from 'vitest';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import type { Store } from '../../src/store/store.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

export const fastStreamEnv = { STREAM_GRACE_MS: '200', STREAM_RECONNECT_BASE_MS: '20', STREAM_RECONNECT_MAX_MS: '200' };

export async function startMarketGateway(options: { env?: Record<string, string>; store?: Store } = {}): Promise<{ fake: FakeExchange; gw: TestGateway }> {
  const fake = await startFakeExchange({ weightLimitPerMinute: 1_000_000 });
  const gw = await startTestGateway({ fake, store: options.store, env: { ...fastStreamEnv, ...options.env } });
  return { fake, gw };
}

/** A simulator and gateway for the whole test file: started before its tests, stopped after them. */
export function marketGatewayForFile(options: { env?: Record<string, string> } = {}): { readonly fake: FakeExchange; readonly gw: TestGateway } {
  let started: { fake: FakeExchange; gw: TestGateway } | undefined;
  beforeAll(async () => {
    started = await startMarketGateway(options);
  });
  afterAll(async () => {
    await started?.gw.stop();
    await started?.fake.close();
  });
  const get = (): { fake: FakeExchange; gw: TestGateway } => {
    if (!started) throw new Error('the market gateway is not started yet (use it inside a test)');
    return started;
  };
  return {
    get fake() {
      return get().fake;
    },
    get gw() {
      return get().gw;
    },
  };
}
