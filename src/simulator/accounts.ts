/**
 * The exchange's accounts: each API key (HMAC secret, or Ed25519 public key) is one account with
 * its own balances, orders, trades and user data subscribers. The first account is the default one
 * that levers without an API key address. Default balances are generous (ten million quote units'
 * worth of every listed asset) so tests never fail for lack of funds unless they want to.
 */
import { createPublicKey } from 'node:crypto';
import { Balances } from './balances.js';
import { Dec, fmt8 } from './decimals.js';
import type { Credentials } from './signature.js';
import type { SimOrder } from './sim-order.js';
import type { ListedSymbol } from './symbols.js';

/** An account to open on the exchange. */
export interface AccountSpec {
  apiKey: string;
  /** HMAC secret; an account may have it, an Ed25519 key, or both. */
  apiSecret?: string;
  /** Ed25519 public key (PEM): signatures of this key are verified as Ed25519 (base64). */
  ed25519PublicKeyPem?: string;
  /** Free balances at the start, asset → decimal string. @default ten million quote units' worth of each listed asset */
  balances?: Record<string, string>;
  /** What GET /api/v3/account says of trading (an account may be barred from it). @default true */
  canTrade?: boolean;
}

/** One row of GET /api/v3/myTrades. */
export interface MyTrade {
  symbol: string; id: number; orderId: number; orderListId: number; price: string; qty: string; quoteQty: string;
  commission: string; commissionAsset: string; time: number; isBuyer: boolean; isMaker: boolean; isBestMatch: boolean;
}

/** A user data event (the `event` of the WebSocket API envelope). */
export type UserEvent = { e: string; E: number } & Record<string, unknown>;

export class Account {
  readonly balances: Balances;
  readonly orders: SimOrder[] = [];
  readonly trades: MyTrade[] = [];
  readonly listeners = new Set<(event: UserEvent) => void>();
  /** Last balance change (GET /api/v3/account `updateTime`, outboundAccountPosition `u`); starts at the account's opening. */
  updateTime: number;

  constructor(readonly uid: number, readonly credentials: Credentials, balances: Record<string, string>, openedAt: number) {
    this.balances = new Balances(balances);
    this.updateTime = openedAt;
  }

  get apiKey(): string {
    return this.credentials.apiKey;
  }

  emit(event: UserEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /** Sends `outboundAccountPosition` for the assets changed since the last one, if any. */
  reportBalances(now: number): void {
    const assets = this.balances.takeChanged();
    if (assets.length === 0) return;
    this.updateTime = now;
    const B = assets.sort().map((a) => ({ a, f: fmt8(this.balances.free(a)), l: fmt8(this.balances.locked(a)) }));
    this.emit({ e: 'outboundAccountPosition', E: now, u: now, B });
  }
}

/** Ten million quote units' worth of each asset, valued at the centre price of its first listing as a base asset. */
export function defaultBalances(listed: Iterable<ListedSymbol>): Record<string, string> {
  const symbols = [...listed];
  const worth = new Dec(10_000_000);
  const out: Record<string, string> = {};
  for (const { spec } of symbols) out[spec.baseAsset] ??= fmt8(worth.div(spec.price));
  for (const { spec } of symbols) out[spec.quoteAsset] ??= fmt8(worth);
  return out;
}

export class Accounts {
  private readonly byKey = new Map<string, Account>();
  private readonly list: Account[] = [];
  private nextUid = 354_937_868;

  constructor(private readonly symbols: Map<string, ListedSymbol>, private readonly now: () => number) {}

  add(spec: AccountSpec): Account {
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(spec.apiKey)) throw new TypeError(`AccountSpec.apiKey must be 1-128 letters, digits, - or _, received "${spec.apiKey}"`);
    if (this.byKey.has(spec.apiKey)) throw new TypeError(`AccountSpec.apiKey "${spec.apiKey}" is used twice`);
    if (spec.apiSecret === undefined && spec.ed25519PublicKeyPem === undefined) {
      throw new TypeError(`AccountSpec ${spec.apiKey}: give apiSecret (HMAC) or ed25519PublicKeyPem`);
    }
    const credentials: Credentials = { apiKey: spec.apiKey, apiSecret: spec.apiSecret ?? '', canTrade: spec.canTrade };
    if (spec.ed25519PublicKeyPem) credentials.ed25519PublicKey = createPublicKey(spec.ed25519PublicKeyPem);
    const account = new Account(this.nextUid++, credentials, spec.balances ?? defaultBalances(this.symbols.values()), this.now());
    this.byKey.set(spec.apiKey, account);
    this.list.push(account);
    return account;
  }

  get(apiKey: string): Account | undefined {
    return this.byKey.get(apiKey);
  }

  /** The account levers use when given no API key. */
  get first(): Account {
    return this.list[0] as Account;
  }
}
