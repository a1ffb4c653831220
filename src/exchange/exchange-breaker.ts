/**
 * The circuit breaker of one exchange host (cockatiel's, with a consecutive-failure count): after
 * `threshold` calls in a row failed because the exchange did not answer (timeouts, refused or
 * unresolvable host, 5xx: ExchangeUnavailableError), calls fail at once with
 * ExchangeCircuitOpenError for `cooldownMs`; then one call goes through as the probe, and only
 * its success closes the circuit again. Answers that prove the exchange alive (a 4xx rejection, a
 * 429 back-off order) neither open nor count.
 *
 * Why each instance keeps its own breaker rather than sharing one through the store: what the
 * breaker measures is whether *this* instance reaches the exchange (its resolver, its route, its
 * egress), and a partition often cuts one instance and not another; a shared "open" would make a
 * healthy instance refuse calls it could serve. The cost of not sharing is small: each instance
 * spends `threshold` failed calls to learn, then sends one probe per `cooldownMs`, so N instances
 * send a dead host N probes per cooldown. A back-off order from the exchange (429/418), which is
 * about our IP and not one instance's path, is shared through the store (weight-ledger.ts).
 *
 * Why the wrapper checks the state before cockatiel does: while the probe is in flight, cockatiel
 * makes every other caller wait for the probe's outcome (up to a whole timeout); the contract wants
 * them failed within 100 ms.
 */
import { CircuitState, ConsecutiveBreaker, circuitBreaker, handleWhen, isBrokenCircuitError, type CircuitBreakerPolicy } from 'cockatiel';
import type { Logger } from '../observability/logger.js';
import { ExchangeCircuitOpenError, ExchangeUnavailableError, unavailableReasonText, type UnavailableReason } from './errors.js';

export type BreakerState = 'closed' | 'open' | 'half-open';

/** What the breaker knows, for /readyz, /metrics and Viewer.exchangeCircuit. */
export interface BreakerStatus {
  /** The exchange host (host:port) this breaker guards. */
  host: string;
  state: BreakerState;
  /** Calls that failed in a row (0 after a success). */
  consecutiveFailures: number;
  /** What the last failure was, when there was one since the last success. */
  lastFailure: { reason: UnavailableReason; detail: string | undefined; at: number } | undefined;
  /** While open: when the next probe may go (epoch ms). */
  retryAt: number | undefined;
}

export interface ExchangeBreakerOptions {
  /** The exchange host (host:port), for status and logs. */
  host: string;
  /** Failed calls in a row that open the circuit. @default 5 */
  threshold?: number;
  /** How long the circuit stays open before one probe may go, ms. @default 5000 */
  cooldownMs?: number;
  logger: Logger;
  /** Called on every state change (metrics). */
  onStateChange?: (status: BreakerStatus) => void;
}

function isOutage(error: unknown): boolean {
  return error instanceof ExchangeUnavailableError && !(error instanceof ExchangeCircuitOpenError);
}

export class ExchangeBreaker {
  private readonly policy: CircuitBreakerPolicy;
  private readonly cooldownMs: number;
  private failures = 0;
  private lastFailure: BreakerStatus['lastFailure'];
  private openedAt = 0;
  private loggedOpenReason: UnavailableReason | undefined;

  constructor(private readonly options: ExchangeBreakerOptions) {
    this.cooldownMs = options.cooldownMs ?? 5000;
    this.policy = circuitBreaker(handleWhen(isOutage), {
      halfOpenAfter: this.cooldownMs,
      breaker: new ConsecutiveBreaker(options.threshold ?? 5),
    });
    this.policy.onFailure(({ handled, reason }) => {
      if (!handled || !('error' in reason) || !(reason.error instanceof ExchangeUnavailableError)) return;
      this.failures++;
      this.lastFailure = { reason: reason.error.reason, detail: reason.error.detail, at: Date.now() };
    });
    this.policy.onSuccess(() => {
      this.failures = 0;
      this.lastFailure = undefined;
    });
    this.policy.onStateChange((state) => this.stateChanged(state));
  }

  /** Runs `call` through the breaker; fails at once, without calling, while the circuit is not closed. */
  async run<T>(endpoint: string, call: () => Promise<T>): Promise<T> {
    // Before anything else, so a dead exchange costs a caller no store round trip and no queueing.
    this.refuseWhileOpen(endpoint);
    try {
      return await this.policy.execute(call);
    } catch (error) {
      // Another call became the probe between our check and cockatiel's: fail as fast.
      if (isBrokenCircuitError(error)) throw this.openError(endpoint);
      throw error;
    }
  }

  /** Throws ExchangeCircuitOpenError when a call made now would not be sent. */
  refuseWhileOpen(endpoint: string): void {
    const { state } = this.policy;
    if (state === CircuitState.HalfOpen) throw this.openError(endpoint);
    if (state === CircuitState.Open && Date.now() < this.openedAt + this.cooldownMs) throw this.openError(endpoint);
  }

  get status(): BreakerStatus {
    const state = this.policy.state;
    return {
      host: this.options.host,
      state: state === CircuitState.Closed ? 'closed' : state === CircuitState.HalfOpen ? 'half-open' : 'open',
      consecutiveFailures: this.failures,
      lastFailure: this.lastFailure,
      retryAt: state === CircuitState.Open ? this.openedAt + this.cooldownMs : undefined,
    };
  }

  private openError(endpoint: string): ExchangeCircuitOpenError {
    return new ExchangeCircuitOpenError(endpoint, this.options.host, this.status.retryAt);
  }

  /** Logs closed↔open once each; a failed probe re-opening for the same reason is not news. */
  private stateChanged(state: CircuitState): void {
    const { logger, host } = this.options;
    const failure = this.lastFailure;
    const what = failure ? `${unavailableReasonText[failure.reason]} (${failure.detail ?? failure.reason})` : 'unknown';
    if (state === CircuitState.Open) {
      this.openedAt = Date.now();
      if (this.loggedOpenReason !== failure?.reason) {
        logger.warn(
          { host, reason: failure?.reason, detail: failure?.detail, consecutiveFailures: this.failures, cooldownMs: this.cooldownMs },
          `exchange circuit open: ${this.failures} calls in a row failed, last because ${what}; calls fail fast, probing every ${this.cooldownMs} ms`,
        );
        this.loggedOpenReason = failure?.reason;
      }
    } else if (state === CircuitState.Closed) {
      logger.info({ host }, 'exchange circuit closed: the exchange answers again');
      this.loggedOpenReason = undefined;
    } else {
      logger.debug({ host }, 'exchange circuit half-open: probing');
    }
    this.options.onStateChange?.(this.status);
  }
}
