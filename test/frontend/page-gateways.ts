/** The two gateways the page tests load pages from: one with the test keys, one in development without keys. */
import { afterAll, beforeAll } from 'vitest';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

// ESM live bindings, set by usePageGateways' beforeAll.
let fake: FakeExchange | undefined;
/** A gateway with the configured test keys. */
export let gateway: TestGateway;
/** A gateway in development with no API_KEYS, which mints a development key for the run. */
export let devGateway: TestGateway;

/** Call at the top of the test file: starts both gateways before its tests and stops them after. */
export function usePageGateways(): void {
  beforeAll(async () => {
    fake = await startFakeExchange();
    gateway = await startTestGateway({ fake });
    // No API_KEYS outside production: the gateway mints a development key for the run.
    devGateway = await startTestGateway({ fake, env: { API_KEYS: '', NODE_ENV: 'development' } });
  });

  afterAll(async () => {
    await devGateway?.stop();
    await gateway?.stop();
    await fake?.close();
  });
}
