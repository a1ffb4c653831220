/**
 * /readyz: ready when the store (Redis, where set) and the exchange answer. The exchange check
 * costs weight, so its answer is reused for a few seconds however often the probe asks. While the
 * exchange's circuit breaker is open the check fails at once (the client refuses without sending),
 * so a probe is answered 503 within milliseconds rather than after a timeout.
 *
 * Logged once per change of state, saying what happened (store down; exchange unresolvable,
 * refusing, timing out, circuit open), never on every probe: an orchestrator probes every few
 * seconds, and a stack trace per probe drowns the one line that matters.
 */
import type { BinanceClient } from '../exchange/binance-client.js';
import { ExchangeCircuitOpenError, ExchangeUnavailableError, unavailableReasonText } from '../exchange/errors.js';
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
  let lastProblem: string | null = null;
  const verdict = (problem: string | null, fields: Record<string, unknown> = {}): boolean => {
    if (problem !== lastProblem) {
      if (problem === null) deps.logger.info('readiness: ready again (store and exchange answer)');
      else deps.logger.warn(fields, `readiness: not ready, ${problem}`);
      lastProblem = problem;
    }
    return problem === null;
  };
  return async () => {
    const storeOk = await deps.store.ping();
    if (!storeOk) return verdict('the store does not answer');
    if (Date.now() < exchangeOkUntil) return verdict(null);
    try {
      await deps.exchange.ping();
      exchangeOkUntil = Date.now() + ttl;
      return verdict(null);
    } catch (error) {
      if (error instanceof ExchangeUnavailableError) {
        // While the circuit is open, what matters is why it opened: the same news as the failed
        // call before it, so open, probe and re-open log nothing new.
        const failure = error instanceof ExchangeCircuitOpenError ? deps.exchange.breaker.status.lastFailure : error;
        const reason = failure?.reason ?? error.reason;
        const detail = failure?.detail ?? reason;
        return verdict(`the exchange does not answer: ${unavailableReasonText[reason]} (${detail})`, {
          reason,
          detail,
          circuit: deps.exchange.breaker.status.state,
        });
      }
      const name = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      return verdict(`the exchange does not answer usefully (${name})`);
    }
  };
}
