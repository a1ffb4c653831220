/**
 * The introspection query GraphiQL itself sends (the bundled build, in a real headless Chromium)
 * passes the request limits: the schema loads. With INTROSPECTION=off the same request is refused
 * with the clear error, as the contract says ("GraphiQL then has no schema").
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { launchChromium } from './browser.js';

let fake: FakeExchange;
let browser: Browser;
const gateways: TestGateway[] = [];

beforeAll(async () => {
  fake = await startFakeExchange({ streamUpdateIntervalMs: 0 });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await Promise.all(gateways.map((gw) => gw.stop()));
  await fake?.close();
});

/** Opens GraphiQL on a development gateway (key pre-filled) and returns its introspection exchange. */
async function graphiqlIntrospection(env: Record<string, string>): Promise<{ query: string; body: Record<string, unknown> }> {
  const gw = await startTestGateway({ fake, env: { API_KEYS: '', NODE_ENV: 'development', ...env } });
  gateways.push(gw);
  const page = await browser.newPage();
  try {
    const answered = page.waitForResponse(
      (response) => response.url().endsWith('/graphql') && (response.request().postData() ?? '').includes('__schema'),
      { timeout: 20_000 },
    );
    await page.goto(`${gw.url}/graphql`);
    const response = await answered;
    const sent = JSON.parse(response.request().postData() ?? '{}') as { query: string };
    return { query: sent.query, body: (await response.json()) as Record<string, unknown> };
  } finally {
    await page.close();
  }
}

describe("GraphiQL's introspection", () => {
  it('passes the request limits: the schema loads', async () => {
    const { query, body } = await graphiqlIntrospection({});
    expect(query).toMatch(/ofType/);
    expect(body['errors']).toBeUndefined();
    expect((body['data'] as { __schema: { types: unknown[] } }).__schema.types.length).toBeGreaterThan(20);
  });

  it('is refused with INTROSPECTION=off', async () => {
    const { body } = await graphiqlIntrospection({ INTROSPECTION: 'off' });
    const errors = body['errors'] as { message: string }[];
    expect(errors[0]?.message).toMatch(/Introspection is disabled on this gateway \(INTROSPECTION=off\)/);
  });
});
