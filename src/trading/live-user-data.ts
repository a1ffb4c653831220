/**
 * The exchange's user data stream behind orderUpdates(mode: LIVE) and the live records: one
 * WebSocket API connection per exchange account (user-data-connection.ts), on one instance, whether
 * or not anyone is connected. Accounts are listed in the record collection `live-accounts` (by the
 * first live order or LIVE subscription of a key that trades them, with that key's id to open its
 * credentials); every instance follows the list and takes part in the election of each account's
 * holder (the relayed streams' machinery: a lock in the store, failover within its TTL).
 *
 * The holder merges every executionReport into the order's record and announces it
 * (live-order-sync.ts); after every (re)connect it reconciles the account's unsettled orders over
 * REST (live-order-index.ts), so a fill or cancel that happened while the stream was away, or was
 * made outside the gateway, still reaches the key, once. Reports that arrive before the placing
 * request recorded its order are retried a few times; reconciliation settles them otherwise.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { ExchangeAccount } from '../credentials/exchange-accounts.js';
import type { Logger } from '../observability/logger.js';
import { UpstreamUnavailableError } from '../schema/errors.js';
import { RecordFollower } from '../store/record-follower.js';
import type { KeyValueStore, Locks, PubSub, RecordCollections } from '../store/store.js';
import { ChannelHub } from '../streaming/channel-hub.js';
import { RelayedStreams, type HubLease } from '../streaming/relayed-streams.js';
import { latestOnly } from '../streaming/subscriber-queue.js';
import { KeyedQueue } from './keyed-queue.js';
import { isOpenStatus } from './order.js';
import { parseExecutionReport } from './live-execution-report.js';
import type { LiveOrderIndex } from './live-order-index.js';
import { lookUpLiveOrder } from './live-order-lookup.js';
import { liveOrderKey, readRecord } from './live-order-record.js';
import type { LiveOrderSync } from './live-order-sync.js';
import { UserDataConnection } from './user-data-connection.js';

const accountsCollection = 'live-accounts';
const accountsChannel = 'live-accounts:changed';
const accountSchema = z.object({ keyId: z.string() });

export interface LiveUserDataDeps {
  store: KeyValueStore & Locks & PubSub & RecordCollections;
  accounts: { forKey(keyId: string): Promise<ExchangeAccount> };
  sync: Pick<LiveOrderSync, 'observe'>;
  index: Pick<LiveOrderIndex, 'unsettled' | 'settled'>;
  /** wss://…/ws-api/v3 (BINANCE_WS_API_URL). */
  wsApiUrl: string;
  instanceId: string;
  lockTtlMs: number;
  graceMs: number;
  reconnectBaseMs: number;
  reconnectMaxMs: number;
  maxConnectionAgeMs: number;
  logger: Logger;
}

/** A user-data "stream" hub: it only hears a holder letting go. */
class UserDataHub extends ChannelHub<never> {
  connection: UserDataConnection | undefined;

  protected receive(): void {}
}

export const userDataStream = (accountId: string): string => `user-data:${accountId}`;

export class LiveUserData {
  private readonly follower: RecordFollower<{ keyId: string }>;
  private readonly streams: RelayedStreams<UserDataHub>;
  private readonly leases = new Map<string, HubLease<UserDataHub>>();
  /** Events of one account, applied one at a time, in the order they came. */
  private readonly queue = new KeyedQueue();
  private readonly logger: Logger;

  constructor(private readonly deps: LiveUserDataDeps) {
    this.logger = deps.logger.child({ component: 'user-data' });
    const { store, instanceId, lockTtlMs, graceMs } = deps;
    this.streams = new RelayedStreams({ store, instanceId, lockTtlMs, graceMs, logger: this.logger });
    this.follower = new RecordFollower({
      store,
      collection: accountsCollection,
      channel: accountsChannel,
      logger: this.logger,
      parse: (raw) => accountSchema.safeParse(JSON.parse(raw)).data,
      onChange: (ids) => ids.forEach((id) => this.reconsider(id)),
    });
  }

  async start(): Promise<void> {
    await this.follower.start();
    for (const accountId of [...this.follower.ids()]) this.reconsider(accountId);
  }

  /** Makes sure the account the key trades has its user data stream (a live order or a LIVE subscription). */
  async follow(keyId: string): Promise<void> {
    await this.followAccount(await this.deps.accounts.forKey(keyId), keyId);
  }

  /** As follow, for a caller that holds the key's account already (a placement). */
  async followAccount(account: ExchangeAccount, keyId: string): Promise<void> {
    if (this.follower.get(account.accountId)) return;
    await this.deps.store.writeRecord(accountsCollection, account.accountId, JSON.stringify({ keyId }), { ifAbsent: true });
    await this.follower.refresh();
    await this.follower.announce();
  }

  /** Accounts whose stream this instance holds and has subscribed now (tests, readiness). */
  live(): string[] {
    return [...this.leases.keys()].filter((accountId) => this.streams.peek(userDataStream(accountId))?.connection?.isLive === true);
  }

  async close(): Promise<void> {
    for (const lease of this.leases.values()) lease.release();
    this.leases.clear();
    await this.streams.close();
    await this.follower.stop();
  }

  private reconsider(accountId: string): void {
    const listed = this.follower.get(accountId);
    if (!listed || this.leases.has(accountId)) return;
    const stream = userDataStream(accountId);
    const { store } = this.deps;
    const log = this.logger.child({ accountId });
    this.leases.set(
      accountId,
      this.streams.acquire({
        stream,
        channel: stream,
        createHub: (onReleased) => new UserDataHub({ stream, channel: stream, store, logger: log, policy: latestOnly, onReleased }),
        startFeed: (hub) => {
          let stopped = false;
          void this.open(accountId, listed.keyId, log).then(
            (connection) => {
              if (stopped) return connection?.stop();
              hub.connection = connection;
            },
            (error: unknown) => log.error({ err: error }, 'user data stream could not start'),
          );
          return {
            stop: () => {
              stopped = true;
              hub.connection?.stop();
              hub.connection = undefined;
            },
          };
        },
        startFailure: () => new UpstreamUnavailableError('The user data stream could not start.'),
      }),
    );
  }

  /** The account's connection, signed with the credentials of the key that listed it. */
  private async open(accountId: string, keyId: string, log: Logger): Promise<UserDataConnection | undefined> {
    const account = await this.deps.accounts.forKey(keyId);
    if (account.accountId !== accountId) {
      log.warn('the key that listed this account trades another one now; its stream waits for a key that trades it');
      return undefined;
    }
    const connection = new UserDataConnection({
      url: this.deps.wsApiUrl,
      signedParams: () => account.client.signWebSocketParams(),
      onEvent: (event) => void this.queue.run(accountId, () => this.onEvent(account, event)),
      onSubscribed: () => void this.queue.run(accountId, () => this.reconcile(account)),
      logger: log,
      reconnectBaseMs: this.deps.reconnectBaseMs,
      reconnectMaxMs: this.deps.reconnectMaxMs,
      maxAgeMs: this.deps.maxConnectionAgeMs,
    });
    connection.start();
    return connection;
  }

  private async onEvent(account: ExchangeAccount, event: Record<string, unknown>): Promise<void> {
    const report = parseExecutionReport(event);
    if (!report) return;
    for (let attempt = 0; attempt < 10; attempt++) {
      const observed = await this.deps.sync.observe(account.accountId, report.clientOrderId, report.order, true).catch((error: unknown) => {
        this.logger.warn({ err: error, clientOrderId: report.clientOrderId }, 'execution report not applied; reconciliation will');
        return undefined;
      });
      // Still being placed: its placer records the order in a moment.
      if (observed?.kind !== 'unsettled' || observed.state !== 'pending') return;
      await sleep(100 * (attempt + 1));
    }
  }

  /** Every unsettled order of the account, as the exchange has it now, merged and announced. */
  private async reconcile(account: ExchangeAccount): Promise<void> {
    const { store, sync, index } = this.deps;
    let unsettled: Record<string, string>;
    try {
      unsettled = await index.unsettled(account.accountId);
    } catch (error) {
      this.logger.warn({ err: error, accountId: account.accountId }, 'could not read the unsettled orders to reconcile');
      return;
    }
    for (const clientOrderId of Object.keys(unsettled)) {
      try {
        const raw = await store.get(liveOrderKey(account.accountId, clientOrderId));
        const record = raw === null ? undefined : readRecord(raw);
        if (!record || record.state === 'rejected') {
          await index.settled(account.accountId, clientOrderId);
          continue;
        }
        if (record.state !== 'placed' || !record.order) continue;
        const open = isOpenStatus(record.order.status);
        const seen = open ? await lookUpLiveOrder(account.client, record.order, Date.now()) : undefined;
        await sync.observe(account.accountId, clientOrderId, seen ?? undefined, true);
      } catch (error) {
        this.logger.warn({ err: error, clientOrderId }, 'an order could not be reconciled; the next reconnect tries again');
      }
    }
  }
}
