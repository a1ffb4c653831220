/** Shared helpers of the simulator's own tests: signed REST calls, signed WebSocket API params, waiting. */
import type { FakeExchange } from '../../src/simulator/fake-exchange.js';
import { hmacHex } from '../../src/simulator/signature.js';
import { callSim, wsApiPayload, type SimResponse } from '../../src/simulator/sim-client.js';

export const DEFAULT_KEY = { apiKey: 'sim-api-key', apiSecret: 'sim-api-secret' };

/** Anything the wire may carry; tests read it loosely on purpose. */
export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON, checked by the assertions

/** A signed REST call stamped with the exchange clock (so frozen clocks do not trip -1021). */
export function signed<T = Json>(exchange: FakeExchange, path: string, params: Record<string, string | number> = {}, method: 'GET' | 'POST' | 'DELETE' = 'GET', key = DEFAULT_KEY): Promise<SimResponse<T>> {
  return callSim<T>(exchange.url, path, params, { method, asBody: method === 'POST', signed: { ...key, timestamp: exchange.clock.now() } });
}

export function get<T = Json>(exchange: FakeExchange, path: string, params: Record<string, string | number> = {}): Promise<SimResponse<T>> {
  return callSim<T>(exchange.url, path, params);
}

/** WebSocket API params with apiKey, timestamp and an HMAC signature over the sorted params. */
export function signWs(exchange: FakeExchange, params: Record<string, string | number> = {}, key = DEFAULT_KEY): Record<string, string | number> {
  const all = { ...params, apiKey: key.apiKey, timestamp: exchange.clock.now() };
  return { ...all, signature: hmacHex(key.apiSecret, wsApiPayload(all)) };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a value other than undefined (or throws after `timeoutMs`). */
export async function until<T>(check: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
