/** One fake exchange and the test stores of a trading test file, and two gateways that share one store. */
import { afterAll, beforeAll } from 'vitest';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { TestStores, type StoreKind } from '../helpers/test-stores.js';

/** The fake exchange of this test file: set by useExchangeAndStores' beforeAll (an ESM live binding). */
export let fake: FakeExchange;

/** Starts the fake exchange before the file's tests; closes it and every store created after them. */
export function useExchangeAndStores(): TestStores {
  const stores = new TestStores();
  beforeAll(async () => {
    fake = await startFakeExchange();
  });
  afterAll(async () => {
    await stores.closeAll();
    await fake.close();
  });
  return stores;
}

/**
 * Two gateway instances on one store of `kind`, as behind a load balancer, started before the
 * enclosing describe's tests and stopped after them. The array fills in its beforeAll.
 */
export function twoGatewaysOnOneStore(stores: TestStores, kind: StoreKind, env: Record<string, string>): readonly TestGateway[] {
  const gateways: TestGateway[] = [];
  beforeAll(async () => {
    const store = await stores.create(kind);
    gateways.push(await startTestGateway({ fake, store, env }), await startTestGateway({ fake, store, env }));
  });
  afterAll(() => Promise.all(gateways.map((g) => g.stop())));
  return gateways;
}
