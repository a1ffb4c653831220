/**
 * The chart page in a real headless Chromium: history drawn from ohlcv, a live update from the
 * candles subscription, the key's paper orders marked (fills as markers, open orders as price lines,
 * from paperAccount and then live from orderUpdates), errors shown plainly, and nothing refused by
 * its Content-Security-Policy.
 */
import { Decimal } from 'decimal.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { testKeys } from '../helpers/api-keys.js';
import { expectData } from '../helpers/graphql-client.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { launchChromium } from './browser.js';

interface ChartState {
  status: string;
  orders: string;
  fillMarks: number;
  openLines: number;
  error: string | null;
  bars: number;
  updates: number;
  lastUpdateAt: number | null;
  lastBar: { openTime: string; close: string; closed: boolean } | null;
}

declare global {
  interface Window {
    chartState: ChartState;
  }
}

let fake: FakeExchange;
let gateway: TestGateway;
let browser: Browser;
/** One tab for the whole file: a new one costs seconds on a small machine. */
let page: Page;
/** Console errors (CSP refusals among them) and uncaught exceptions of the page. */
const problems: string[] = [];

beforeAll(async () => {
  // No periodic stream pushes: every live update in this file is one the test sent.
  fake = await startFakeExchange({ streamUpdateIntervalMs: 0 });
  gateway = await startTestGateway({ fake });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1000, height: 600 } });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
  await fake?.close();
});

/** Opens the page afresh: no key kept from an earlier test, no problems recorded yet. */
async function openChart(path: string): Promise<void> {
  await page.goto(`${gateway.url}/healthz`);
  await page.evaluate(() => sessionStorage.clear());
  problems.length = 0;
  await page.goto(`${gateway.url}${path}`);
}

async function connect(apiKey: string): Promise<void> {
  await page.fill('#api-key', apiKey);
  await page.click('button[type=submit]');
}

/** Pixels of the chart's main canvas drawn in the candle colours (up #26a69a, down #ef5350). */
function candlePixels(): Promise<number> {
  return page.evaluate(() => {
    const canvases = [...document.querySelectorAll<HTMLCanvasElement>('#chart canvas')];
    const biggest = canvases.sort((a, b) => b.width * b.height - a.width * a.height)[0];
    const context = biggest?.getContext('2d');
    if (!biggest || !context) return 0;
    const { data } = context.getImageData(0, 0, biggest.width, biggest.height);
    const near = (i: number, r: number, g: number, b: number) =>
      Math.abs(data[i]! - r) < 24 && Math.abs(data[i + 1]! - g) < 24 && Math.abs(data[i + 2]! - b) < 24;
    let count = 0;
    for (let i = 0; i < data.length; i += 4) if (near(i, 0x26, 0xa6, 0x9a) || near(i, 0xef, 0x53, 0x50)) count++;
    return count;
  });
}

describe('GET /chart in Chromium', () => {
  it('draws the history, then moves the forming bar when a live update arrives', async () => {
    await openChart('/chart?symbol=BTCUSDT&interval=MIN_1');
    await connect(testKeys.read);
    await page.waitForFunction(() => window.chartState.status === 'live');
    const before = await page.evaluate(() => window.chartState);
    expect(before.bars).toBeGreaterThan(100);
    expect(await candlePixels()).toBeGreaterThan(500);

    // The close the exchange streams next: above anything the bar has seen, so it is new for sure.
    const openTime = Math.floor(fake.clock.now() / 60_000) * 60_000;
    const high = fake.kline('BTCUSDT', '1m', openTime)[2];
    const close = new Decimal(high).plus('12.34').toFixed(8);
    // Until the gateway's upstream stream is open an event can be missed: push until one arrives.
    await expect
      .poll(
        async () => {
          fake.streams.emitKline('BTCUSDT', '1m', { t: openTime, c: close, h: close });
          return page.evaluate(() => window.chartState.lastBar?.close);
        },
        { timeout: 10_000, interval: 300 },
      )
      .toBe(close);

    const after = await page.evaluate(() => window.chartState);
    expect(after.updates).toBeGreaterThan(before.updates);
    expect(after.lastUpdateAt).not.toBeNull();
    expect(after.lastBar?.openTime).toBe(new Date(openTime).toISOString());
    expect(after.status).toBe('live');
    // The exact decimal string is what the page shows; the Number only went to the canvas.
    expect(await page.textContent('#last')).toContain(close);
    expect(problems).toEqual([]);
  });

  it("marks the key's paper fills and open orders, and follows their updates live", async () => {
    const trade = async (input: Record<string, unknown>) =>
      expectData(
        await gateway.execute<{ trade: { clientOrderId: string } }>('mutation ($input: TradeInput!) { trade(input: $input) { clientOrderId } }', {
          apiKey: testKeys.readTrade,
          variables: { input: { symbol: 'BTCUSDT', side: 'BUY', ...input } },
        }),
      ).trade;
    const price = new Decimal(fake.market.lastPrice('BTCUSDT')).times('0.9').toDecimalPlaces(2).toFixed();
    await trade({ quantity: '0.001' });
    const resting = await trade({ type: 'LIMIT', price, quantity: '0.001' });
    await openChart('/chart?symbol=BTCUSDT&interval=MIN_1');
    await connect(testKeys.readTrade);
    await page.waitForFunction(() => window.chartState.orders === 'live' && window.chartState.fillMarks === 1 && window.chartState.openLines === 1);
    // Live: a new fill adds a marker; a cancel takes the order's line away.
    await trade({ quantity: '0.002' });
    await page.waitForFunction(() => window.chartState.fillMarks === 2);
    await gateway.execute('mutation ($id: String!) { cancelOrder(symbol: "BTCUSDT", clientOrderId: $id) { status } }', {
      apiKey: testKeys.readTrade,
      variables: { id: resting.clientOrderId },
    });
    await page.waitForFunction(() => window.chartState.openLines === 0);
    expect(problems).toEqual([]);
  });

  it('shows no orders for a key without the trade scope', async () => {
    await openChart('/chart?symbol=BTCUSDT&interval=MIN_1');
    await connect(testKeys.read);
    await page.waitForFunction(() => window.chartState.status === 'live' && window.chartState.orders === 'forbidden');
    expect(await page.evaluate(() => [window.chartState.fillMarks, window.chartState.openLines])).toEqual([0, 0]);
  });

  it('shows an unknown key as an error and stops there', async () => {
    await openChart('/chart');
    await connect('not-a-key');
    await page.waitForFunction(() => window.chartState.status === 'error');
    expect(await page.textContent('#status')).toContain('UNAUTHENTICATED');
    expect(await page.evaluate(() => window.chartState.bars)).toBe(0);
    // The browser logs the 401 itself; nothing else may have gone wrong.
    expect(problems.filter((text) => !text.includes('401'))).toEqual([]);
  });
});
