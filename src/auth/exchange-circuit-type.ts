/**
 * ExchangeCircuit: the state of this gateway instance's circuit breaker on the exchange host, so a
 * client can tell "the exchange is down, calls fail fast" from a transient failure, and know when
 * the next probe goes.
 */
import type { BreakerStatus } from '../exchange/exchange-breaker.js';
import { builder } from '../schema/builder.js';

const circuitStates = { closed: 'CLOSED', 'half-open': 'HALF_OPEN', open: 'OPEN' } as const;

const ExchangeCircuitStateEnum = builder.enumType('ExchangeCircuitState', {
  description: 'CLOSED: calls reach the exchange. OPEN: calls fail at once with UPSTREAM_UNAVAILABLE. HALF_OPEN: one probe is in flight.',
  values: Object.values(circuitStates),
});

export const ExchangeCircuitRef = builder.objectRef<BreakerStatus>('ExchangeCircuit').implement({
  description:
    'After several exchange calls in a row fail (no answer, refused, unresolvable host, 5xx), the gateway stops ' +
    'sending and fails calls at once until a probe succeeds. Kept per gateway instance.',
  fields: (t) => ({
    host: t.exposeString('host', { description: 'The exchange host (host:port).' }),
    state: t.field({ type: ExchangeCircuitStateEnum, resolve: (status) => circuitStates[status.state] }),
    consecutiveFailures: t.exposeInt('consecutiveFailures', { description: 'Exchange calls that failed in a row; 0 after a success.' }),
    lastFailure: t.string({
      nullable: true,
      description: 'What the last failure was (dns, refused, timeout, reset, tls, server-error, network); null after a success.',
      resolve: (status) => status.lastFailure?.reason ?? null,
    }),
    retryAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'While OPEN: when the next probe may go.',
      resolve: (status) => status.retryAt ?? null,
    }),
  }),
});
