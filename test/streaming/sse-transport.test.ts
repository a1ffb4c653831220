/**
 * The two ways a subscription over SSE is served answer alike: the front door's (a POST without an
 * Origin header, run through Yoga's envelop) and Yoga's own (with an Origin header, for CORS; or
 * in-process through yoga.fetch). Same framing, same payloads; anything that is not a valid
 * subscription is answered by Yoga as before; the operation is logged and counted on both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { testKeys } from '../helpers/api-keys.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const origin = 'https://charts.example.com';
const subscription = 'subscription Live { candles(symbol: "BTCUSDT", interval: MIN_1) { openTime close closed } }';
let fake: FakeExchange;
let gateway: TestGateway;

beforeAll(async () => {
  fake = await startFakeExchange({ streamUpdateIntervalMs: 100 });
  gateway = await startTestGateway({ fake, env: { CORS_ORIGINS: origin } });
});
afterAll(async () => {
  await gateway?.stop();
  await fake?.close();
});

/** POSTs over SSE and reads until `events` `next` events arrived (or the stream ended); returns the raw text. */
async function readSse(query: string, headers: Record<string, string> = {}, events = 2): Promise<{ status: number; type: string | null; text: string; cors: string | null }> {
  const abort = new AbortController();
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'x-api-key': testKeys.read, ...headers },
    body: JSON.stringify({ query }),
    signal: abort.signal,
  });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  while ((text.match(/event: next/g) ?? []).length < events && !text.includes('event: complete')) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  abort.abort();
  await reader.cancel().catch(() => undefined);
  return { status: response.status, type: response.headers.get('content-type'), text, cors: response.headers.get('access-control-allow-origin') };
}

/** The frames' shape with the values taken out. */
function framing(text: string): string[] {
  return text
    .split('\n\n')
    .filter(Boolean)
    .map((frame) => frame.replace(/"openTime":"[^"]+"/, '"openTime":T').replace(/"close":"[^"]+"/, '"close":C').replace(/"closed":(true|false)/, '"closed":B'));
}

describe('SSE subscriptions', () => {
  it('answer the same through the front door and through Yoga (with an Origin header)', async () => {
    const door = await readSse(subscription);
    const yoga = await readSse(subscription, { origin });
    for (const answer of [door, yoga]) {
      expect(answer.status).toBe(200);
      expect(answer.type).toBe('text/event-stream');
      expect(answer.text.startsWith(':\n\n')).toBe(true);
    }
    expect(yoga.cors).toBe(origin);
    expect(door.cors).toBeNull();
    expect(framing(door.text).slice(0, 3)).toEqual(framing(yoga.text).slice(0, 3));
    expect(framing(door.text)[1]).toBe('event: next\ndata: {"data":{"candles":{"openTime":T,"close":C,"closed":B}}}');
  });

  it('leave what is not a valid subscription to Yoga, answered as before', async () => {
    const invalid = await readSse('subscription { candles(symbol: "BTCUSDT") { nope } }', {}, 1);
    const viaYoga = await readSse('subscription { candles(symbol: "BTCUSDT") { nope } }', { origin }, 1);
    expect(invalid.status).toBe(viaYoga.status);
    expect(invalid.text).toBe(viaYoga.text);
    expect(invalid.text).toContain('Cannot query field \\"nope\\"');
    const query = await readSse('query { viewer { id } }', {}, 1);
    expect(query.text).toContain('"viewer":{"id":"read"}');
  });

  it('answer a subscription refused when it starts (unknown symbol) with its error and a completion', async () => {
    const refused = await readSse('subscription { candles(symbol: "NOPEUSDT", interval: MIN_1) { close } }', {}, 1);
    expect(refused.status).toBe(200);
    expect(refused.text).toContain('event: next\ndata: {"errors":[{"message":"Unknown symbol \\"NOPEUSDT\\"');
    expect(refused.text).toContain('"extensions":{"code":"BAD_USER_INPUT"}');
    expect(refused.text).toContain('event: complete\ndata:\n\n');
  });

  it('are logged with their events and counted while open', async () => {
    await readSse(subscription, {}, 3);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const line = gateway.logLines.map((l) => JSON.parse(l) as Record<string, unknown>).findLast((l) => l['operation'] === 'Live' && l['transport'] === 'http');
    expect(line).toMatchObject({ operationType: 'subscription', viewer: 'read', outcome: 'ok' });
    expect(line?.['events']).toBeGreaterThanOrEqual(3);
  });

  it('are readable in-process through yoga.fetch (the body as a stream)', async () => {
    // No front door here: Yoga's auth plugin reads the key from the request itself.
    const response = await gateway.gateway.yoga.fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'x-api-key': testKeys.read },
      body: JSON.stringify({ query: subscription }),
    });
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    while (!text.includes('event: next')) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    expect(text.startsWith(':\n\n')).toBe(true);
    expect(text).toMatch(/event: next\ndata: \{"data":\{"candles":/);
  });
});
