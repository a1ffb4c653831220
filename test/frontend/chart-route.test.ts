/**
 * GET /chart and its library over HTTP: headers, the Content-Security-Policy matching the page's
 * inline code, the settings taken from the query string, and the development key's rules.
 */
import { createHash } from 'node:crypto';
import { createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/schema.js';
import { useChartPage } from '../../src/server/use-chart-page.js';
import { devGateway, gateway, usePageGateways } from './page-gateways.js';

interface PageConfig {
  symbol: string;
  interval: string;
  devApiKey: string | null;
  intervals: string[];
}

usePageGateways();

function configOf(html: string): PageConfig {
  const json = /<script type="application\/json" id="chart-config">(.*?)<\/script>/s.exec(html)?.[1];
  expect(json, 'page without its settings block').toBeTruthy();
  return JSON.parse(json ?? '{}') as PageConfig;
}

function hashOf(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

describe('GET /chart', () => {
  it('serves the page with a strict policy that allows exactly its own inline code', async () => {
    const response = await fetch(`${gateway.url}/chart`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("connect-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain('unsafe');

    const html = await response.text();
    const [script] = [...html.matchAll(/<script type="module">([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? '');
    const [style] = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1] ?? '');
    expect(script).toContain('chartState');
    expect(policy).toContain(`script-src 'self' ${hashOf(script ?? '')}`);
    expect(policy).toContain(`style-src ${hashOf(style ?? '')}`);
  });

  it('serves the charting library under a versioned path, cacheable for good', async () => {
    const html = await (await fetch(`${gateway.url}/chart`)).text();
    const libraryPath = /<script src="([^"]+)"><\/script>/.exec(html)?.[1] ?? '';
    expect(libraryPath).toMatch(/^\/chart\/lightweight-charts-\d+\.\d+\.\d+\.js$/);
    const response = await fetch(`${gateway.url}${libraryPath}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await response.text()).toContain('window.LightweightCharts=');
    expect((await fetch(`${gateway.url}/chart/lightweight-charts-0.0.0.js`)).status).toBe(404);
  });

  it('takes symbol and interval from the query string, and defaults for anything malformed', async () => {
    const chosen = configOf(await (await fetch(`${gateway.url}/chart?symbol=ethusdt&interval=HOUR_4`)).text());
    expect(chosen).toMatchObject({ symbol: 'ETHUSDT', interval: 'HOUR_4' });
    expect(chosen.intervals).toContain('MONTH_1');

    const hostile = encodeURIComponent('</script><script>alert(1)</script>');
    const html = await (await fetch(`${gateway.url}/chart?symbol=${hostile}&interval=1m`)).text();
    expect(html).not.toContain('alert(1)');
    expect(configOf(html)).toMatchObject({ symbol: 'BTCUSDT', interval: 'MIN_1' });
  });

  it('offers the development key in development only', async () => {
    expect(configOf(await (await fetch(`${gateway.url}/chart`)).text()).devApiKey).toBeNull();
    const devKey = devGateway.config.devApiKey;
    expect(devKey).toBeTruthy();
    expect(configOf(await (await fetch(`${devGateway.url}/chart`)).text()).devApiKey).toBe(devKey);

    const production = createYoga({ schema, plugins: [useChartPage({ devApiKey: 'a-development-key', production: true })] });
    const html = await (await production.fetch('http://gateway.test/chart')).text();
    expect(html).not.toContain('a-development-key');
    expect(configOf(html).devApiKey).toBeNull();
  });

  it('answers only GET', async () => {
    expect((await fetch(`${gateway.url}/chart`, { method: 'POST' })).status).toBe(404);
  });
});
