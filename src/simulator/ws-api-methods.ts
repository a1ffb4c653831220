/**
 * The WebSocket API methods the simulator serves: session.logon / status / logout /
 * subscriptions, userDataStream.subscribe(.signature) / unsubscribe, ping, time, and the order
 * methods order.place / order.cancel / order.status (same rules as REST, through the same desk).
 *
 * Signing as documented: all params but `signature`, sorted by name, joined as k=v&…; HMAC hex or
 * Ed25519 base64. (Values are accepted raw or percent-encoded, since clients differ there.)
 */
import type { Account, Accounts } from './accounts.js';
import { BinanceError, missingParam, unknownOrder } from './binance-error.js';
import type { ExchangeClock } from './clock.js';
import { canceledOrderJson, newOrderJson, queryOrderJson } from './order-json.js';
import type { OrderDesk } from './order-desk.js';
import { parseNewOrder } from './order-params.js';
import type { ExchangeState } from './route.js';
import { checkSignedParams } from './signature.js';
import { lookUp } from './trade-routes.js';
import type { WsApiMethod, WsApiSession } from './ws-api-session.js';

export interface WsApiDeps {
  accounts: Accounts;
  clock: ExchangeClock;
  desk: OrderDesk;
  state: ExchangeState;
}

/** The two payloads a client may have signed: values as sent, or percent-encoded. */
function payloads(params: Record<string, string>): string[] {
  const keys = Object.keys(params).filter((k) => k !== 'signature').sort();
  return [keys.map((k) => `${k}=${params[k]}`).join('&'), keys.map((k) => `${k}=${encodeURIComponent(params[k] ?? '')}`).join('&')];
}

/** The account a signed request acts for: its own apiKey + signature, or the session's logged-on key. */
function signedAccount(deps: WsApiDeps, session: WsApiSession, params: Record<string, string>, allowLogon: boolean): Account {
  if (!params.apiKey && allowLogon && session.logon) {
    if (!params.timestamp) throw missingParam('timestamp');
    return session.logon.account;
  }
  if (!params.apiKey) throw missingParam('apiKey');
  const account = deps.accounts.get(params.apiKey);
  if (!account) throw new BinanceError(401, -2015, 'Invalid API-key, IP, or permissions for action.');
  checkSignedParams(params, payloads(params), account.credentials, deps.clock.now());
  return account;
}

function subscriptionIdParam(params: Record<string, string>): number | undefined {
  if (params.subscriptionId === undefined) return undefined;
  const id = Number(params.subscriptionId);
  if (!Number.isInteger(id) || id < 0) throw new BinanceError(400, -1100, "Illegal characters found in parameter 'subscriptionId'; legal range is '0..65535'.");
  return id;
}

export function wsApiMethods(deps: WsApiDeps): Map<string, WsApiMethod> {
  const methods: Record<string, WsApiMethod> = {
    ping: { weight: 1, handle: () => ({}) },
    time: { weight: 1, handle: () => ({ serverTime: deps.clock.now() }) },
    'session.logon': {
      weight: 2,
      handle: (session, params) => {
        const account = signedAccount(deps, session, params, false);
        if (!account.credentials.ed25519PublicKey) throw new BinanceError(400, -1002, 'HMAC_SHA256 API key is not supported: session.logon needs an Ed25519 key.');
        session.logon = { account, since: deps.clock.now() };
        return session.status();
      },
    },
    'session.status': { weight: 2, handle: (session) => session.status() },
    'session.logout': {
      weight: 2,
      handle: (session) => {
        // Only the logon subscription ends; signature subscriptions stay.
        session.unsubscribe(undefined, true);
        session.logon = undefined;
        return session.status();
      },
    },
    'session.subscriptions': { weight: 2, handle: (session) => session.subscriptionIds().map((subscriptionId) => ({ subscriptionId })) },
    'userDataStream.subscribe': {
      weight: 2,
      handle: (session) => {
        if (!session.logon) throw new BinanceError(400, -1002, 'You are not authorized to execute this request: log on with session.logon first.');
        return { subscriptionId: session.subscribe(session.logon.account, true) };
      },
    },
    'userDataStream.subscribe.signature': {
      weight: 2,
      handle: (session, params) => ({ subscriptionId: session.subscribe(signedAccount(deps, session, params, false), false) }),
    },
    'userDataStream.unsubscribe': {
      weight: 2,
      handle: (session, params) => {
        session.unsubscribe(subscriptionIdParam(params));
        return {};
      },
    },
    'order.place': {
      weight: 1,
      handle: (session, params) => {
        const account = signedAccount(deps, session, params, true);
        const order = parseNewOrder(params, deps.state.symbols);
        return newOrderJson(deps.desk.place(account, order), order.respType);
      },
    },
    'order.status': {
      weight: 4,
      handle: (session, params) => queryOrderJson(lookUp(deps.state, signedAccount(deps, session, params, true), params)),
    },
    'order.cancel': {
      weight: 1,
      handle: (session, params) => {
        const account = signedAccount(deps, session, params, true);
        const order = lookUp(deps.state, account, params, unknownOrder);
        const canceled = deps.desk.cancel(order, params.newClientOrderId || undefined);
        return canceledOrderJson(canceled.order, canceled.origClientOrderId, deps.clock.now());
      },
    },
  };
  return new Map(Object.entries(methods));
}
