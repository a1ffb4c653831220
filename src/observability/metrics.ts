/**
 * The gateway's Prometheus metrics, in one registry per gateway instance (never prom-client's
 * global one: tests build several gateways in one process, and each must count only its own).
 * Every label takes values from a bounded set: operation names are capped (bounded-label.ts);
 * outcomes and upstream endpoints come from their one definition (the contract's error codes, the
 * exchange client's endpoint table), handed in by the app assembly.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { BoundedLabel, KnownLabel } from './bounded-label.js';

/** One exchange REST call, as the client reports it. */
export interface UpstreamCallSample {
  endpoint: string;
  method: string;
  /** HTTP status, or 0 when no response came. */
  status: number;
  durationMs: number;
}

export interface GatewayMetricsOptions {
  /** Codes an operation or an order can end with; any other counts as "error". */
  outcomes: Iterable<string>;
  /** Paths of the exchange endpoints the client calls; any other counts as "other". */
  endpoints: Iterable<string>;
  /** Reads the exchange weight ledger at each scrape. */
  exchangeWeight?: () => Promise<{ used: number; limit: number | null }>;
  /** Reads the exchange host's circuit breaker at each scrape. */
  exchangeCircuit?: () => { host: string; state: 'closed' | 'open' | 'half-open'; consecutiveFailures: number };
  /** Distinct operation names kept as label values; later ones count as "other". @default 200 */
  maxOperationNames?: number;
  /** Process metrics (CPU, memory, event loop, GC). @default true */
  defaultMetrics?: boolean;
}

/** A finished GraphQL operation, as counted. */
export interface OperationSample {
  operation: string | undefined;
  type: 'query' | 'mutation' | 'subscription' | 'unknown';
  /** 'ok', or the first error's code. */
  outcome: string;
  durationMs: number;
}

/** Sources read at scrape time, filled in by whoever owns the state (streaming). */
interface ScrapeSources {
  upstreamStreams?: () => number;
  upstreamConnections?: () => number;
}

const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly operationNames: BoundedLabel;
  private readonly outcomes: KnownLabel;
  private readonly endpoints: KnownLabel;
  private readonly sources: ScrapeSources = {};

  readonly operations = new Counter({
    name: 'gateway_graphql_operations_total',
    help: 'GraphQL operations by name, type and outcome ("ok" or the first error code).',
    labelNames: ['operation', 'type', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly operationDuration = new Histogram({
    name: 'gateway_graphql_operation_duration_seconds',
    help: 'Duration of queries and mutations, from parameters parsed to result ready (subscriptions not included).',
    labelNames: ['operation', 'type'] as const,
    buckets: latencyBuckets,
    registers: [this.registry],
  });
  readonly upstreamRequests = new Counter({
    name: 'gateway_upstream_requests_total',
    help: 'REST calls to the exchange by endpoint, method and HTTP status (0: no answer).',
    labelNames: ['endpoint', 'method', 'status'] as const,
    registers: [this.registry],
  });
  readonly upstreamDuration = new Histogram({
    name: 'gateway_upstream_request_duration_seconds',
    help: 'Duration of REST calls to the exchange, retries included.',
    labelNames: ['endpoint'] as const,
    buckets: latencyBuckets,
    registers: [this.registry],
  });
  readonly candleCacheLookups = new Counter({
    name: 'gateway_candle_cache_lookups_total',
    help: 'Candle block cache lookups by result (hit or miss).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly queryCacheHits = new Counter({
    name: 'gateway_query_cache_hits_total',
    help: 'Market-data queries answered from the serialized query result cache.',
    registers: [this.registry],
  });
  readonly subscriptionsActive = new Gauge({
    name: 'gateway_subscriptions_active',
    help: 'GraphQL subscriptions open now, by transport (sse or ws).',
    labelNames: ['transport'] as const,
    registers: [this.registry],
  });
  readonly upstreamReconnects = new Counter({
    name: 'gateway_upstream_reconnects_total',
    help: 'Reconnections of market-stream connections to the exchange.',
    registers: [this.registry],
  });
  readonly orders = new Counter({
    name: 'gateway_orders_total',
    help: 'Orders by mode (paper or live) and outcome (the order status, or the error code).',
    labelNames: ['mode', 'outcome'] as const,
    registers: [this.registry],
  });

  constructor(options: GatewayMetricsOptions) {
    this.operationNames = new BoundedLabel(options.maxOperationNames ?? 200);
    this.outcomes = new KnownLabel(['ok', ...options.outcomes], 'error');
    this.endpoints = new KnownLabel(options.endpoints, 'other');
    const { exchangeWeight } = options;
    if (exchangeWeight) {
      this.gaugeAtScrape('gateway_exchange_weight_used', "Request weight used in the exchange's current one-minute window (shared by all instances).", async () => (await exchangeWeight()).used);
      this.gaugeAtScrape('gateway_exchange_weight_limit', "The exchange's REQUEST_WEIGHT limit per minute (0 until exchangeInfo was read).", async () => (await exchangeWeight()).limit ?? 0);
    }
    const { exchangeCircuit } = options;
    const circuitStates = ['closed', 'half-open', 'open'] as const;
    new Gauge({
      name: 'gateway_exchange_circuit_state',
      help: "The exchange host's circuit breaker: 0 closed (calls pass), 1 half-open (one probe in flight), 2 open (calls fail fast).",
      labelNames: ['host'] as const,
      registers: [this.registry],
      collect() {
        if (!exchangeCircuit) return;
        const { host, state } = exchangeCircuit();
        this.set({ host }, circuitStates.indexOf(state));
      },
    });
    new Gauge({
      name: 'gateway_exchange_consecutive_failures',
      help: 'Exchange calls that failed in a row (timeouts, refused, unresolvable host, 5xx); 0 after a success.',
      labelNames: ['host'] as const,
      registers: [this.registry],
      collect() {
        if (!exchangeCircuit) return;
        const { host, consecutiveFailures } = exchangeCircuit();
        this.set({ host }, consecutiveFailures);
      },
    });
    const sources = this.sources;
    this.gaugeAtScrape('gateway_upstream_streams', 'Market streams the gateway is subscribed to upstream.', () => sources.upstreamStreams?.() ?? 0);
    this.gaugeAtScrape('gateway_upstream_stream_connections', 'WebSocket connections to the exchange open or being opened.', () => sources.upstreamConnections?.() ?? 0);
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** A gauge whose value is read from its owner at each scrape (`read` may be async). */
  gaugeAtScrape(name: string, help: string, read: () => number | Promise<number>): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      async collect() {
        this.set(await read());
      },
    });
  }

  /** Counts one finished operation. */
  recordOperation(sample: OperationSample): void {
    const operation = this.operationNames.value(sample.operation ?? 'anonymous');
    this.operations.inc({ operation, type: sample.type, outcome: this.outcomes.value(sample.outcome) });
    if (sample.type !== 'subscription') {
      this.operationDuration.observe({ operation, type: sample.type }, sample.durationMs / 1000);
    }
  }

  /** Counts one order by mode and outcome: its status, or the contract code it failed with. */
  recordOrder(mode: 'paper' | 'live', outcome: string): void {
    this.orders.inc({ mode, outcome: this.outcomes.value(outcome) });
  }

  /** Counts one exchange REST call (BinanceClient's onCall). */
  recordUpstreamCall(event: UpstreamCallSample): void {
    const endpoint = this.endpoints.value(event.endpoint);
    this.upstreamRequests.inc({ endpoint, method: event.method, status: String(event.status) });
    this.upstreamDuration.observe({ endpoint }, event.durationMs / 1000);
  }

  /** Counts a candle batch's cache hits and misses (the candle loader's onCacheLookup, wired in app.ts). */
  recordCandleCacheLookup(hits: number, misses: number): void {
    if (hits > 0) this.candleCacheLookups.inc({ result: 'hit' }, hits);
    if (misses > 0) this.candleCacheLookups.inc({ result: 'miss' }, misses);
  }

  /** Where the upstream stream gauges read their values at scrape time. */
  watchUpstreamStreams(sources: { streams: () => number; connections: () => number }): void {
    this.sources.upstreamStreams = sources.streams;
    this.sources.upstreamConnections = sources.connections;
  }

  /** The registry's content in the Prometheus text format. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
