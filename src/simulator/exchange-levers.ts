/**
 * The levers of a running exchange that reach into its markets and accounts (FakeExchange's
 * `orders`, `market` and `accounts`), each validating its input with a message that names what
 * was expected and what was received.
 */
import type { Account, Accounts } from './accounts.js';
import { DECIMAL_PATTERN, Dec } from './decimals.js';
import type { FakeExchange } from './fake-exchange-types.js';
import { snapshotJson } from './market-format.js';
import { lastPriceText } from './market-stats.js';
import type { Markets } from './markets.js';
import type { OrderDesk } from './order-desk.js';
import { parseNewOrder } from './order-params.js';
import type { ExchangeState } from './route.js';
import type { SimOrder } from './sim-order.js';
import type { ListedSymbol } from './symbols.js';

export interface LeverDeps {
  state: ExchangeState;
  markets: Markets;
  accounts: Accounts;
  desk: OrderDesk;
}

function decimal(lever: string, name: string, value: string): Dec {
  if (!DECIMAL_PATTERN.test(value)) throw new RangeError(`${lever} expects ${name} as a decimal string, received "${value}"`);
  return new Dec(value);
}

/** A decimal amount as whole units (ticks, steps) of `unit`, refusing amounts between them. */
function whole(lever: string, name: string, value: string, unit: string): number {
  const units = decimal(lever, name, value).div(unit);
  if (!units.isInteger() || units.lte(0)) throw new RangeError(`${lever} expects ${name} as a positive multiple of ${unit}, received "${value}"`);
  return units.toNumber();
}

export function tradingLevers(deps: LeverDeps): Pick<FakeExchange, 'orders' | 'market' | 'accounts'> {
  const { state, markets, accounts, desk } = deps;
  const listed = (name: string): ListedSymbol => {
    const symbol = state.symbols.get(name);
    if (!symbol) throw new RangeError(`unknown symbol "${name}"; listed: ${[...state.symbols.keys()].join(', ')}`);
    return symbol;
  };
  const account = (apiKey?: string): Account => {
    if (apiKey === undefined) return accounts.first;
    const found = accounts.get(apiKey);
    if (!found) throw new RangeError(`no account with API key "${apiKey}"`);
    return found;
  };
  const eachMarket = (symbol: string | undefined, paused: boolean): void => {
    for (const name of symbol === undefined ? [...state.symbols.keys()] : [listed(symbol).spec.symbol]) markets.synced(name).market.setPaused(paused);
  };
  return {
    orders: {
      all: () => {
        markets.syncAll();
        return [...desk.orders];
      },
      countByClientId: (id) => desk.countPlacedWith(id),
      executeButNoAnswer: (opts) => state.traps.add(opts),
      cancelButNoAnswer: (opts) => state.cancelTraps.add(opts),
      setInvisibleForMs: (ms) => {
        state.invisibleForMs = ms;
      },
      setPrice: (symbol, price) => {
        const spec = listed(symbol).spec;
        markets.synced(spec.symbol).market.pin(whole('setPrice', 'price', price, spec.tickSize));
      },
      clearPrice: (symbol) => markets.synced(listed(symbol).spec.symbol).market.pin(undefined),
    },
    market: {
      printTrade: (symbol, price, qty, options = {}) => {
        const spec = listed(symbol).spec;
        const { market } = markets.synced(spec.symbol);
        if (!market.live) throw new RangeError(`printTrade: ${spec.symbol} is not TRADING (status ${spec.status})`);
        market.printTrade(whole('printTrade', 'price', price, spec.tickSize), whole('printTrade', 'qty', qty, spec.stepSize), options.takerSide);
      },
      pause: (symbol) => eachMarket(symbol, true),
      resume: (symbol) => eachMarket(symbol, false),
      book: (symbol, depth = 100) => {
        const { market } = markets.synced(listed(symbol).spec.symbol);
        const snapshot = market.updates.snapshot(depth);
        return snapshotJson(market.symbol, snapshot);
      },
      lastPrice: (symbol) => {
        const { market, bars } = markets.synced(listed(symbol).spec.symbol);
        return lastPriceText(market, bars, state.clock.now());
      },
    },
    accounts: {
      add: (spec) => {
        accounts.add(spec);
      },
      balances: (apiKey) => account(apiKey).balances.list(),
      orders: (apiKey) => {
        markets.syncAll();
        return [...account(apiKey).orders];
      },
      trades: (apiKey) => {
        markets.syncAll();
        return account(apiKey).trades.map((t) => ({ ...t }));
      },
      placeOrder: (params, apiKey) => desk.place(account(apiKey), parseNewOrder(params, state.symbols)),
      cancelOrder: (symbol, orderId, apiKey) => {
        const found: SimOrder | undefined = desk.find(account(apiKey), listed(symbol).spec.symbol, { orderId });
        if (!found) throw new RangeError(`cancelOrder: no order ${orderId} on ${symbol} for this account`);
        return desk.cancel(found, undefined).order;
      },
      deposit: (asset, amount, apiKey) => {
        const owner = account(apiKey);
        const negative = amount.startsWith('-');
        const delta = decimal('deposit', 'amount', negative ? amount.slice(1) : amount);
        const now = state.clock.now();
        owner.balances.credit(asset, negative ? delta.neg() : delta);
        owner.emit({ e: 'balanceUpdate', E: now, a: asset, d: `${negative ? '-' : ''}${delta.toFixed(8)}`, T: now });
        owner.reportBalances(now);
      },
    },
  };
}
