/**
 * `npx tsx test/frontend/screenshot-chart.ts`: renders the chart page against the bundled exchange
 * simulator in headless Chromium and writes docs/chart.png (the README's picture). Runs in
 * development mode, so the page is pre-filled with the run's key and connects on its own.
 */
import { mkdirSync } from 'node:fs';
import { createGateway } from '../../src/app.js';
import { loadConfig } from '../../src/config/load-config.js';
import { startFakeExchange } from '../../src/simulator/fake-exchange.js';
import { launchChromium } from './browser.js';

const output = new URL('../../docs/chart.png', import.meta.url);
const updatesToWaitFor = 3;

const fake = await startFakeExchange({ streamUpdateIntervalMs: 300 });
const gateway = createGateway({
  config: loadConfig({
    PORT: '0',
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    BINANCE_BASE_URL: fake.url,
    BINANCE_WS_URL: fake.wsUrl,
  }),
});
const browser = await launchChromium();
try {
  const url = await gateway.start();
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1 });
  await page.goto(`${url}/chart?symbol=BTCUSDT&interval=MIN_5`);
  await page.waitForFunction(
    (updates) => (window as unknown as { chartState: { status: string; updates: number } }).chartState.updates >= updates,
    updatesToWaitFor,
    { timeout: 30_000 },
  );
  mkdirSync(new URL('.', output), { recursive: true });
  await page.screenshot({ path: output.pathname });
  process.stdout.write(`wrote ${output.pathname}\n`);
} finally {
  await browser.close();
  await gateway.stop();
  await fake.close();
}
