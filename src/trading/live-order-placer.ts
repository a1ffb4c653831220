/**
 * Live orders, placed so that one client order id is never executed twice:
 *
 * 1. The id is claimed in the store (live-order-record.ts) before anything is sent. A repeated id
 *    is answered from its record; while another request holds it, this one waits briefly, then
 *    answers UPSTREAM_UNAVAILABLE with the id.
 * 2. The order is sent once (the client never retries a POST).
 * 3. When the outcome is unknown (timeout, network error, 5xx, -1006/-1007), the exchange is asked
 *    for the order by its client id, every `reconcileIntervalMs`. Found: that is the answer. "Does not
 *    exist" proves absence only once the exchange's clock is past the request's timestamp +
 *    recvWindow + the engine timeout (binance-spot.md pitfall 4); only then is the order sent again,
 *    with the same id. Still unknown after `reconcileTimeoutMs`: the record says `unknown` and the
 *    answer is UPSTREAM_UNAVAILABLE with the id, which the caller re-sends to resume reconciling.
 *
 * Every send and every outcome is audited (live-order-audit.ts).
 *
 * The order goes to the key's exchange account (credentials/exchange-accounts.ts): its own where it
 * stored credentials, else the gateway's. Client order ids are unique per exchange account, so the
 * records are kept per account. A claimed id is listed for its key and marked unsettled for the
 * account (live-order-index.ts) before it is sent, and the account's user data stream is asked for
 * (live-user-data.ts), so that what becomes of the order reaches the key's orderUpdates.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { OrderResponse } from '../exchange/binance-schemas.js';
import type { ExchangeAccount } from '../credentials/exchange-accounts.js';
import { ExchangeRateLimitedError } from '../exchange/errors.js';
import type { ExchangeAccountClient } from '../exchange/exchange-account-client.js';
import type { ExchangeInfoCache } from '../exchange/exchange-info-cache.js';
import { GatewayError, LiveTradingDisabledError, OrderRejectedError, UpstreamUnavailableError } from '../schema/errors.js';
import type { Logger } from '../observability/logger.js';
import type { KeyValueStore, Transactions } from '../store/store.js';
import { auditLiveOrder, type AuditEntry } from './live-order-audit.js';
import { classifySendError, type SendOutcome } from './live-order-outcome.js';
import { withTrades } from './live-order-lookup.js';
import { orderParams, toLiveOrder } from './live-order-params.js';
import type { LiveOrderIndex } from './live-order-index.js';
import { claimRecord, liveOrderKey, type LiveOrderRecord } from './live-order-record.js';
import type { TradeOrder, TradeRequest } from './order.js';
import type { PriceFeed } from './price-feed.js';
import { prepareOrder } from './prepare-order.js';

export interface LiveOrderSettings {
  /** LIVE_TRADING=on. */
  enabled: boolean;
  /** recvWindow of signed requests (BINANCE_RECV_WINDOW_MS). */
  recvWindowMs: number;
  /** Longest one exchange call may take, retries included (the client's total timeout). */
  callBudgetMs: number;
  /** How long the exchange may still execute a request it accepted (LIVE_ORDER_ENGINE_TIMEOUT_MS). @default 10000 */
  engineTimeoutMs: number;
  /** Pause between two lookups of an order whose outcome is unknown (LIVE_ORDER_RECONCILE_INTERVAL_MS). */
  reconcileIntervalMs: number;
  /** How long one request keeps reconciling before it answers UPSTREAM_UNAVAILABLE (LIVE_ORDER_RECONCILE_TIMEOUT_MS). */
  reconcileTimeoutMs: number;
  /** How long a request with an id another request holds waits for it to settle (LIVE_ORDER_PENDING_WAIT_MS). */
  pendingWaitMs: number;
}

export interface LiveOrderPlacerOptions {
  store: KeyValueStore & Transactions;
  index: Pick<LiveOrderIndex, 'claimed' | 'settled'>;
  /** Starts the account's user data stream where it does not run yet. */
  userData: { followAccount(account: ExchangeAccount, keyId: string): Promise<void> };
  /** Which exchange account a key's orders go to (credentials/exchange-accounts.ts). */
  accounts: { forKey(keyId: string): Promise<ExchangeAccount> };
  exchangeInfo: ExchangeInfoCache;
  prices: PriceFeed;
  averagePrices: PriceFeed;
  logger: Logger;
  settings: LiveOrderSettings;
}

/** Who an audit line names: the API key and the exchange account. */
type Audited = Pick<AuditEntry, 'apiKeyId' | 'accountId'>;

/** Margin for the error of our estimate of the exchange's clock, ms. */
const clockToleranceMs = 1000;

export class LiveOrderPlacer {
  /** How long a claim holds; past it, the holder is presumed gone and its work may be taken over. */
  private readonly leaseMs: number;

  constructor(private readonly options: LiveOrderPlacerOptions) {
    const s = options.settings;
    // Covers a send, the whole reconciliation, a last call in flight at its end, and the resend window.
    this.leaseMs = 4 * s.callBudgetMs + s.reconcileTimeoutMs + s.recvWindowMs + s.engineTimeoutMs + clockToleranceMs + 5000;
  }

  /**
   * Places the request on the exchange for the API key `keyId`, or answers for its client order id.
   * `input` builds (and checks) the request; it runs only once live trading is known to be on, so a
   * disabled gateway says so whatever was sent.
   */
  async place(keyId: string, input: () => TradeRequest): Promise<TradeOrder> {
    const { store, settings } = this.options;
    if (!settings.enabled) throw new LiveTradingDisabledError();
    const request = input();
    const account = await this.options.accounts.forKey(keyId);
    const key = liveOrderKey(account.accountId, request.clientOrderId);
    const waitUntil = Date.now() + settings.pendingWaitMs;
    let params: Record<string, string> | undefined;
    for (;;) {
      // A new id is validated (filters, status) before it is claimed; a known one is answered as it is.
      if (params === undefined && (await store.get(key)) === null) {
        params = orderParams(await prepareOrder(request, this.options));
      }
      const claimParams = params;
      const claim = await store.transact([key], ([raw]) =>
        claimRecord(raw ?? null, { key, ownerId: keyId, params: claimParams, now: Date.now(), leaseMs: this.leaseMs }),
      );
      if (claim.kind === 'settled') {
        this.audit({ apiKeyId: keyId, accountId: account.accountId, params: claim.record.params, outcome: 'replayed', ...this.resultFields(claim.record) });
        return answerFrom(claim.record);
      }
      if (claim.kind === 'send') await this.claimed(keyId, account, claim.record);
      if (claim.kind === 'send' || claim.kind === 'reconcile') return this.run(keyId, account, key, claim.record, claim.kind === 'reconcile');
      if (claim.kind === 'busy') {
        if (Date.now() >= waitUntil) {
          throw new UpstreamUnavailableError(
            'Another request with this clientOrderId is still waiting for the exchange; retry with the same clientOrderId.',
            { clientOrderId: request.clientOrderId },
          );
        }
        await sleep(settings.reconcileIntervalMs);
      }
    }
  }

  /** Sends and reconciles until the order's fate is known or the budget is spent. */
  private async run(keyId: string, account: ExchangeAccount, key: string, claimed: LiveOrderRecord, reconcileFirst: boolean): Promise<TradeOrder> {
    const { settings } = this.options;
    const exchange = account.client;
    const audited = { apiKeyId: keyId, accountId: account.accountId };
    const { params } = claimed;
    const clientOrderId = params.newClientOrderId ?? '';
    let record = claimed;
    let reconcileUntil = reconcileFirst ? Date.now() + settings.reconcileTimeoutMs : undefined;
    let querying = reconcileFirst;
    for (;;) {
      if (!querying) {
        record = { ...record, sends: record.sends + 1 };
        const outcome = await this.send(exchange, audited, params, record.sends);
        const settled = await this.settleSend(audited, key, record, outcome);
        if (settled !== undefined) return settled;
        // The request's timestamp is earlier than now, so this bound is conservative.
        const resendNotBefore = exchange.clock.now() + settings.recvWindowMs + settings.engineTimeoutMs + clockToleranceMs;
        record = { ...record, resendNotBefore };
        reconcileUntil ??= Date.now() + settings.reconcileTimeoutMs;
        querying = true;
      }
      if (Date.now() >= (reconcileUntil ?? 0)) {
        await this.save(key, { ...record, state: 'unknown', leaseUntil: undefined });
        this.audit({ ...audited, params, outcome: 'unresolved', attempt: record.sends });
        throw new UpstreamUnavailableError(
          'The exchange has not confirmed whether the order exists; retry with the same clientOrderId to find out.',
          { clientOrderId },
        );
      }
      const found = await this.lookUp(exchange, params.symbol ?? '', clientOrderId);
      if (found !== null && found !== undefined) {
        // A lookup carries no fills: they come from myTrades.
        const order = await withTrades(exchange, toLiveOrder(found, params, Date.now()), []).catch(() => toLiveOrder(found, params, Date.now()));
        await this.save(key, { ...record, state: 'placed', leaseUntil: undefined, order });
        this.audit({ ...audited, params, outcome: 'reconciled', attempt: record.sends, exchangeOrderId: order.exchangeOrderId, status: order.status });
        return order;
      }
      if (found === null && exchange.clock.now() >= (record.resendNotBefore ?? 0)) {
        querying = false;
        continue;
      }
      await sleep(Math.max(1, Math.min(settings.reconcileIntervalMs, (reconcileUntil ?? 0) - Date.now())));
    }
  }

  /** A new id: listed, unsettled, and the account's user data stream asked for, before anything is sent. */
  private async claimed(keyId: string, account: ExchangeAccount, record: LiveOrderRecord): Promise<void> {
    const { index, userData, logger } = this.options;
    await index.claimed(account.accountId, keyId, record.params.newClientOrderId ?? '', record.params.symbol ?? '');
    await userData.followAccount(account, keyId).catch((error: unknown) => logger.warn({ err: error }, 'user data stream not requested; it is at the next order or subscription'));
  }

  private async send(exchange: ExchangeAccountClient, audited: Audited, params: Record<string, string>, attempt: number): Promise<SendOutcome> {
    try {
      // Keeps the offset to the exchange's clock fresh, so that signed timestamps are not refused (-1021).
      await exchange.clock.ensureFresh();
      this.audit({ ...audited, params, outcome: 'sending', attempt });
      return { kind: 'placed', response: await exchange.placeOrder(params) };
    } catch (error) {
      return classifySendError(error);
    }
  }

  /** Records and answers a send whose outcome is known; undefined when it is not (reconcile next). */
  private async settleSend(audited: Audited, key: string, record: LiveOrderRecord, outcome: SendOutcome): Promise<TradeOrder | undefined> {
    const { params } = record;
    const base = { ...audited, params, attempt: record.sends };
    switch (outcome.kind) {
      case 'placed': {
        const order = toLiveOrder(outcome.response, params, Date.now());
        await this.save(key, { ...record, state: 'placed', leaseUntil: undefined, order });
        this.audit({ ...base, outcome: 'placed', exchangeOrderId: order.exchangeOrderId, status: order.status });
        return order;
      }
      case 'rejected': {
        const rejection = { code: outcome.code, message: outcome.message };
        if (outcome.final) await this.save(key, { ...record, state: 'rejected', leaseUntil: undefined, rejection });
        // A refused request frees the id: every earlier send was proven absent before this one left.
        else await this.options.store.del(key);
        await this.options.index.settled(audited.accountId ?? '', params.newClientOrderId ?? '');
        this.audit({ ...base, outcome: 'rejected', exchangeCode: outcome.code, exchangeMessage: outcome.message });
        throw new OrderRejectedError(outcome.code, outcome.message, { clientOrderId: params.newClientOrderId });
      }
      case 'not-sent': {
        await this.options.store.del(key);
        await this.options.index.settled(audited.accountId ?? '', params.newClientOrderId ?? '');
        this.audit({ ...base, outcome: 'not-sent' });
        // A contract error, or the exchange's back-off order (mapped where it leaves): the client's answer as it is.
        if (outcome.error instanceof GatewayError || outcome.error instanceof ExchangeRateLimitedError) throw outcome.error;
        throw new UpstreamUnavailableError(undefined, { clientOrderId: params.newClientOrderId });
      }
      case 'duplicate':
      case 'unknown':
        this.audit({ ...base, outcome: 'unknown' });
        return undefined;
    }
  }

  /** The order by client id; null when the exchange says it does not exist; undefined when it could not be asked. */
  private async lookUp(exchange: ExchangeAccountClient, symbol: string, clientOrderId: string): Promise<OrderResponse | null | undefined> {
    try {
      return await exchange.queryOrder(symbol, clientOrderId);
    } catch (error) {
      this.options.logger.warn({ clientOrderId, reason: error instanceof Error ? error.message : String(error) }, 'live order lookup failed; will ask again');
      return undefined;
    }
  }

  private async save(key: string, record: LiveOrderRecord): Promise<void> {
    await this.options.store.set(key, JSON.stringify(record));
  }

  private resultFields(record: LiveOrderRecord): Partial<AuditEntry> {
    if (record.order) return { exchangeOrderId: record.order.exchangeOrderId, status: record.order.status };
    if (record.rejection) return { exchangeCode: record.rejection.code, exchangeMessage: record.rejection.message };
    return {};
  }

  private audit(entry: AuditEntry): void {
    auditLiveOrder(this.options.logger, entry);
  }
}

/** The answer a settled record gives: its order, or the exchange's refusal once more. */
function answerFrom(record: LiveOrderRecord): TradeOrder {
  if (record.state === 'placed' && record.order) return record.order;
  const rejection = record.rejection ?? { code: 0, message: 'rejected' };
  throw new OrderRejectedError(rejection.code, rejection.message, { clientOrderId: record.params.newClientOrderId });
}
