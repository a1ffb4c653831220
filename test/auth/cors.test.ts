/** CORS: only the origins in CORS_ORIGINS may call from a browser; without it, none may. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { testKeys } from '../helpers/api-keys.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const allowed = 'https://app.example.com';
let fake: FakeExchange;
let withOrigins: TestGateway;
let withoutOrigins: TestGateway;

beforeAll(async () => {
  fake = await startFakeExchange();
  withOrigins = await startTestGateway({ fake, env: { CORS_ORIGINS: `${allowed}, https://desk.example.com` } });
  withoutOrigins = await startTestGateway({ fake });
});

afterAll(async () => {
  await withOrigins?.stop();
  await withoutOrigins?.stop();
  await fake?.close();
});

function preflight(gateway: TestGateway, origin: string): Promise<Response> {
  return fetch(`${gateway.url}/graphql`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-api-key' },
  });
}

function post(gateway: TestGateway, origin: string): Promise<Response> {
  return fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json', 'x-api-key': testKeys.read },
    body: JSON.stringify({ query: '{ viewer { id } }' }),
  });
}

describe('CORS', () => {
  it('lets a listed origin send the API key header', async () => {
    const response = await preflight(withOrigins, allowed);
    expect(response.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-api-key');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    expect((await post(withOrigins, allowed)).headers.get('access-control-allow-origin')).toBe(allowed);
  });

  it('gives any other origin no access, the "null" origin of sandboxed pages included', async () => {
    const others = ['https://evil.example.net', 'null'];
    for (const response of [...(await Promise.all(others.map((o) => preflight(withOrigins, o)))), await post(withOrigins, others[0]!)]) {
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('gives no origin access without CORS_ORIGINS', async () => {
    for (const response of [await preflight(withoutOrigins, allowed), await post(withoutOrigins, allowed)]) {
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});
