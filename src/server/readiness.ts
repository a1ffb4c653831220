/**
 * /readyz: ready when the store (Redis, where set) and the exchange answer. The exchange check
 * costs weight, so its answer is reused for a few seconds however often the probe asks.
 */
import type { BinanceClient } from '../exchange/binance-client.js';
import type { StoreLifecycle } from '../store/store.js';
import type { Logger } from '../observability/logger.js';

export function createReadinessCheck(deps: {
  store: StoreLifecycle;
  exchange: BinanceClient;
  logger: Logger;
  /** How long an exchange answer is reused, ms. @default 5000 */
  exchangeCheckTtlMs?: number;
}): () => Promise<boolean> {
  let exchangeOkUntil = 0;
  const ttl = deps.exchangeCheckTtlMs ?? 5000;
  return async () => {
    const storeOk = await deps.store.ping();
    if (!storeOk) return false;
    if (Date.now() < exchangeOkUntil) return true;
    try {
      await deps.exchange.ping();
      exchangeOkUntil = Date.now() + ttl;
      return true;
    } catch (error) {
      deps.logger.warn({ err: error }, 'readiness: the exchange does not answer');
      return false;
    }
  };
}
