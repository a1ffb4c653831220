/**
 * The chart page's content: the HTML template (chart/chart.html) filled with the page's settings,
 * the Content-Security-Policy that lets exactly its own inline style and script run, and the
 * charting library's bytes. Read once, when the gateway is built.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { intervalNames, type Interval } from '../market-data/intervals.js';

export interface ChartPageSettings {
  symbol: string;
  interval: Interval;
  /** Offered in the key field. Only ever set outside production. */
  devApiKey: string | undefined;
}

export interface ChartAssets {
  /** Where the page loads the library from; the version is part of it, so it may be cached for good. */
  libraryPath: string;
  library: string;
  contentSecurityPolicy: string;
  render(settings: ChartPageSettings): string;
}

export const defaultChartSymbol = 'BTCUSDT';
export const defaultChartInterval: Interval = 'MIN_1';

const symbolPattern = /^[A-Z0-9]{1,20}$/;

/** The page's settings from its query string; anything malformed falls back to the default. */
export function chartSettingsFrom(params: URLSearchParams, devApiKey: string | undefined): ChartPageSettings {
  const symbol = params.get('symbol')?.toUpperCase() ?? '';
  const interval = params.get('interval') ?? '';
  return {
    symbol: symbolPattern.test(symbol) ? symbol : defaultChartSymbol,
    interval: (intervalNames as string[]).includes(interval) ? (interval as Interval) : defaultChartInterval,
    devApiKey,
  };
}

function sha256Source(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Hashes of every inline block of one kind (their exact text, as the browser hashes it). */
function inlineHashes(html: string, pattern: RegExp): string[] {
  return [...html.matchAll(pattern)].map((match) => sha256Source(match[1] ?? ''));
}

/**
 * Same origin only, no plugins, no frames, no inline code but the two blocks hashed here.
 * The JSON settings block is data, never run, so script-src does not need to cover it.
 */
function policyFor(template: string): string {
  const html = template.replace(/<!--[\s\S]*?-->/g, '');
  const scripts = inlineHashes(html, /<script type="module">([\s\S]*?)<\/script>/g);
  const styles = inlineHashes(html, /<style>([\s\S]*?)<\/style>/g);
  return [
    "default-src 'none'",
    `script-src 'self' ${scripts.join(' ')}`,
    `style-src ${styles.join(' ')}`,
    "connect-src 'self'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** JSON safe inside <script>: no "</script>" or "<!--" can close or confuse the block. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

export function loadChartAssets(): ChartAssets {
  const template = readFileSync(new URL('./chart/chart.html', import.meta.url), 'utf8');
  // The package's exports hide dist/; its package.json is exported and sits next to it.
  const packageJsonPath = createRequire(import.meta.url).resolve('lightweight-charts/package.json');
  const { version } = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { version: string };
  const library = readFileSync(join(dirname(packageJsonPath), 'dist', 'lightweight-charts.standalone.production.js'), 'utf8');
  const libraryPath = `/chart/lightweight-charts-${version}.js`;
  const page = template.replace('__LIBRARY_PATH__', () => libraryPath);
  return {
    libraryPath,
    library,
    contentSecurityPolicy: policyFor(template),
    render: (settings) =>
      // A function, so that "$" in the settings is never read as a replacement pattern.
      page.replace('__CONFIG__', () =>
        scriptSafeJson({ ...settings, devApiKey: settings.devApiKey ?? null, intervals: intervalNames }),
      ),
  };
}
