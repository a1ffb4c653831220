/**
 * The Binance Spot REST client. Every call goes through `send`, which (in order) refuses at once
 * while the exchange host's circuit breaker is open (exchange-breaker.ts) or its back-off order
 * stands, waits for a slot (bounded concurrency), reserves the call's weight in the shared ledger
 * (holding back before the limit, not after), sends through got, records the weight the exchange
 * reports, and turns failures into typed errors. The whole call, queueing and retries included, is
 * held to one deadline (call-deadline.ts). Responses are parsed with zod at this boundary.
 *
 * Public market data is called here; signed calls go through an ExchangeAccountClient
 * (exchange-account-client.ts), one per exchange account, which signs with its own credentials and
 * sends through this client: every account shares the HTTP agent, the concurrency bound, the
 * breaker, the exchange's clock, the IP weight ledger and the back-off order, as the exchange
 * counts weight per IP.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { HTTPError, type Got, type Response } from 'got';
import type { z } from 'zod';
import type { Logger } from '../observability/logger.js';
import type { Budgets, KeyValueStore } from '../store/store.js';
import type { AccountSigner } from './account-signer.js';
import { signerFromSecret } from './account-signer.js';
import {
  exchangeInfoSchema,
  klinesSchema,
  serverTimeSchema,
  tickerPriceSchema,
  type ExchangeInfo,
  type KlineRow,
} from './binance-schemas.js';
import { createBinanceHttp, type BinanceHttpOptions } from './binance-http.js';
import { callDeadlineMs, withDeadline } from './call-deadline.js';
import { ConcurrencyLimit } from './concurrency-limit.js';
import { endpoints, weightOf, type Endpoint, type EndpointParams } from './endpoints.js';
import { ExchangeAccountClient } from './exchange-account-client.js';
import { ExchangeRateLimitedError, ExchangeRejectedError, ExchangeResponseError, ExchangeUnavailableError } from './errors.js';
import { ExchangeBreaker, type BreakerStatus } from './exchange-breaker.js';
import { encodeRequest } from './encode-request.js';
import { ServerClock } from './server-clock.js';
import { backOffOrder, safeJson, toExchangeError } from './to-exchange-error.js';
import { WeightLedger } from './weight-ledger.js';

/** One upstream call as seen by metrics and logs. */
export interface UpstreamCallEvent {
  endpoint: string;
  method: Endpoint['method'];
  /** HTTP status, or 0 when no response came. */
  status: number;
  durationMs: number;
}

export interface BinanceClientOptions {
  baseUrl: string;
  /** The gateway's own exchange account (BINANCE_API_KEY / BINANCE_API_SECRET): `gatewayAccount`. */
  apiKey?: string | undefined;
  apiSecret?: string | undefined;
  recvWindowMs: number;
  requestTimeoutMs: number;
  totalTimeoutMs: number;
  maxConcurrentRequests: number;
  weightHeadroom: number;
  store: Budgets & KeyValueStore;
  logger: Logger;
  /** Called after every upstream call (metrics). */
  onCall?: (event: UpstreamCallEvent) => void;
  /** Retry tuning, for tests. */
  retryBaseDelayMs?: number;
  /** Failed calls in a row that open the circuit breaker. @default 5 */
  breakerThreshold?: number;
  /** How long the open circuit refuses calls before one probe may go, ms. @default 5000 */
  breakerCooldownMs?: number;
  /** Called when the breaker changes state (metrics). */
  onBreakerStateChange?: (status: BreakerStatus) => void;
  /** Host-name resolver; tests pass one that fails as DNS does, without a query leaving the machine. */
  dnsLookup?: BinanceHttpOptions['dnsLookup'];
}

export interface KlinesRequest {
  symbol: string;
  /** Binance interval string, case-sensitive ('1m' is a minute, '1M' a month). */
  interval: string;
  startTime?: number | undefined;
  endTime?: number | undefined;
  /** 1..1000 */
  limit: number;
}

/** One call: the endpoint, its parameters and the schema of its answer. */
export interface ExchangeRequest<T> {
  endpoint: Endpoint;
  params?: EndpointParams;
  schema: z.ZodType<T>;
}

interface SendSpec<T> extends ExchangeRequest<T> {
  /** Signs the request (USER_DATA/TRADE) for one account; absent for public endpoints. */
  signer?: AccountSigner;
}

/** One public (unsigned) call: the endpoint, its parameters and the schema of its answer. */
export type PublicRequest<T> = ExchangeRequest<T>;

export class BinanceClient {
  readonly clock: ServerClock;
  readonly weights: WeightLedger;
  /** The circuit breaker of this client's exchange host. */
  readonly breaker: ExchangeBreaker;
  private readonly http: Got;
  private readonly closeHttp: () => void;
  private readonly concurrency: ConcurrencyLimit;
  /** The gateway's own exchange account; undefined without BINANCE_API_KEY and BINANCE_API_SECRET. */
  readonly gatewayAccount: ExchangeAccountClient | undefined;

  constructor(private readonly options: BinanceClientOptions) {
    const { http, close } = createBinanceHttp({
      baseUrl: options.baseUrl,
      requestTimeoutMs: options.requestTimeoutMs,
      maxSockets: options.maxConcurrentRequests * 2,
      retryBaseDelayMs: options.retryBaseDelayMs,
      dnsLookup: options.dnsLookup,
    });
    this.breaker = new ExchangeBreaker({
      host: new URL(options.baseUrl).host,
      threshold: options.breakerThreshold,
      cooldownMs: options.breakerCooldownMs,
      logger: options.logger,
      onStateChange: options.onBreakerStateChange,
    });
    this.http = http;
    this.closeHttp = close;
    this.concurrency = new ConcurrencyLimit(options.maxConcurrentRequests);
    this.weights = new WeightLedger(options.store, options.logger, options.weightHeadroom);
    this.clock = new ServerClock(() => this.fetchServerTime());
    this.gatewayAccount =
      options.apiKey && options.apiSecret ? new ExchangeAccountClient(this, signerFromSecret(options.apiKey, options.apiSecret)) : undefined;
  }

  /** Klines in the exchange's exact array layout, ascending by open time. */
  klines(request: KlinesRequest): Promise<KlineRow[]> {
    return this.send({
      endpoint: endpoints.klines,
      params: {
        symbol: request.symbol,
        interval: request.interval,
        startTime: request.startTime,
        endTime: request.endTime,
        limit: Math.max(1, Math.min(1000, request.limit)),
      },
      schema: klinesSchema,
    });
  }

  /** Fetches exchangeInfo for all symbols and adopts its REQUEST_WEIGHT limit. */
  async exchangeInfo(): Promise<ExchangeInfo> {
    const info = await this.send({
      endpoint: endpoints.exchangeInfo,
      schema: exchangeInfoSchema,
    });
    const weightLimit = info.rateLimits.find(
      (l) => l.rateLimitType === 'REQUEST_WEIGHT' && l.interval === 'MINUTE' && l.intervalNum === 1,
    );
    if (weightLimit) this.weights.setLimit(weightLimit.limit);
    return info;
  }

  async tickerPrice(symbol: string): Promise<string> {
    const ticker = await this.send({
      endpoint: endpoints.tickerPrice,
      params: { symbol },
      schema: tickerPriceSchema,
    });
    return ticker.price;
  }

  /** Sends a public request through the one pipeline (market-data-client.ts builds them). */
  sendPublic<T>(request: PublicRequest<T>): Promise<T> {
    return this.send(request);
  }

  async ping(): Promise<void> {
    await this.send({ endpoint: endpoints.time, schema: serverTimeSchema });
  }

  /** Sends a request signed for the account `signer` signs for (exchange-account-client.ts). */
  sendSigned<T>(signer: AccountSigner, request: ExchangeRequest<T>): Promise<T> {
    return this.send({ ...request, signer });
  }

  /** The recvWindow sent with signed requests. */
  get recvWindowMs(): number {
    return this.options.recvWindowMs;
  }

  close(): void {
    this.closeHttp();
  }

  private async fetchServerTime(): Promise<number> {
    const body = await this.send({
      endpoint: endpoints.time,
      schema: serverTimeSchema,
    });
    return body.serverTime;
  }

  private async send<T>(spec: SendSpec<T>): Promise<T> {
    const endpoint = `/${spec.endpoint.path}`;
    const deadline = Date.now() + callDeadlineMs(this.options.totalTimeoutMs);
    // A POST (an order) or a DELETE (a cancel) may have been executed though no answer came.
    const mayHaveExecuted = spec.endpoint.method !== 'GET';
    // The breaker sees the call as its caller does, deadline included: a call cut at the deadline
    // counts as a failure before the caller hears of it.
    return this.breaker.run(endpoint, () =>
      withDeadline(deadline, endpoint, mayHaveExecuted, async (expired) => {
        const backoff = await this.weights.backoffRemaining(this.clock.now());
        if (backoff > 0) throw new ExchangeRateLimitedError(Math.ceil(backoff / 1000), endpoint);
        return this.concurrency.run(() => {
          // A call that spent its whole budget queued is not sent late, after its caller gave up.
          if (expired()) {
            throw new ExchangeUnavailableError(`${endpoint}: not sent, its deadline passed while queued`, endpoint, false, undefined, 'timeout', 'queued');
          }
          return this.sendNow(spec, deadline);
        });
      }),
    );
  }

  private async sendNow<T>(spec: SendSpec<T>, deadline: number): Promise<T> {
    await this.reserveWeight(spec.endpoint, weightOf(spec.endpoint, spec.params), deadline);
    try {
      return await this.attempt(spec, deadline);
    } catch (error) {
      // -1021: our clock drifted. By the documented timing check the request never reached the
      // matching engine, so one re-send with a fresh offset and signature is safe.
      if (spec.signer && error instanceof ExchangeRejectedError && error.exchangeCode === -1021) {
        this.options.logger.warn({ endpoint: spec.endpoint.path }, 'timestamp rejected (-1021); resyncing clock');
        await this.clock.sync();
        return this.attempt(spec, deadline);
      }
      throw error;
    }
  }

  /** Waits for room in the weight window when it opens before the deadline; else fails fast. */
  private async reserveWeight(endpoint: Endpoint, weight: number, deadline: number): Promise<void> {
    for (;;) {
      const waitMs = await this.weights.reserve(weight, this.clock.now());
      if (waitMs === 0) return;
      if (Date.now() + waitMs > deadline) throw new ExchangeRateLimitedError(Math.ceil(waitMs / 1000), `/${endpoint.path}`);
      this.options.logger.info({ waitMs }, 'holding upstream request back: weight budget spent for this minute');
      await sleep(waitMs);
    }
  }

  private async attempt<T>(spec: SendSpec<T>, deadline: number): Promise<T> {
    const { method, path } = spec.endpoint;
    const signing = spec.signer
      ? { signer: spec.signer, recvWindowMs: this.options.recvWindowMs, timestamp: this.clock.signingTimestamp() }
      : undefined;
    const { searchParams, body, headers } = encodeRequest(spec.endpoint.method, spec.params, signing);
    const started = Date.now();
    let status = 0;
    try {
      const response = await this.http(path, {
        method,
        searchParams,
        body,
        headers,
        signal: AbortSignal.timeout(Math.max(1, deadline - Date.now())),
        retry: method === 'GET' ? {} : { limit: 0 },
      });
      status = response.statusCode;
      await this.observeWeight(response.headers);
      return this.parse(spec, response.body);
    } catch (error) {
      status = error instanceof HTTPError ? error.response.statusCode : 0;
      throw await this.toExchangeError(error, spec);
    } finally {
      this.options.onCall?.({ endpoint: `/${path}`, method, status, durationMs: Date.now() - started });
    }
  }

  private async observeWeight(headers: Record<string, string | string[] | undefined>): Promise<void> {
    const used = Number(headers['x-mbx-used-weight-1m']);
    if (Number.isFinite(used) && used > 0) await this.weights.observe(used, this.clock.now());
  }

  /** A failed call as a typed exchange error; a 429/418 also records the back-off order it carries. */
  private async toExchangeError(error: unknown, spec: SendSpec<unknown>): Promise<Error> {
    const endpoint = `/${spec.endpoint.path}`;
    if (error instanceof HTTPError) {
      const { headers } = error.response as Response<string>;
      await this.observeWeight(headers);
      const backOff = backOffOrder(error);
      if (backOff) {
        await this.weights.backOff(this.clock.now() + backOff.retryAfterSeconds * 1000, this.clock.now());
        this.options.logger.error({ endpoint, ...backOff }, 'exchange ordered a back-off');
      }
    }
    return toExchangeError(error, endpoint, spec.endpoint.method !== 'GET');
  }

  /** The body as the endpoint documents it; anything else is the exchange's fault, not a crash of ours. */
  private parse<T>(spec: SendSpec<T>, body: string): T {
    const parsed = spec.schema.safeParse(safeJson(body));
    if (!parsed.success) throw new ExchangeResponseError(`/${spec.endpoint.path}`, parsed.error);
    return parsed.data;
  }
}
