/**
 * Yoga plugin serving the live candlestick chart: GET /chart (the page; `?symbol=BTCUSDT&
 * interval=MIN_1`) and GET /chart/lightweight-charts-<version>.js (the charting library). The page
 * talks to /graphql like any other client, with the key the user types in; it needs no key to load.
 */
import type { Plugin } from 'graphql-yoga';
import { chartSettingsFrom, loadChartAssets } from './chart-page.js';
import { fromLoopback } from './loopback.js';

export interface ChartPageOptions {
  /** The key minted for this run when none is configured (config.devApiKey). */
  devApiKey: string | undefined;
  /** In production the page never offers a key, whatever devApiKey says. */
  production: boolean;
}

export const chartPagePath = '/chart';

export function useChartPage(options: ChartPageOptions): Plugin {
  const assets = loadChartAssets();
  const devApiKey = options.production ? undefined : options.devApiKey;
  return {
    onRequest(payload) {
      const { request, url, fetchAPI } = payload;
      if (request.method !== 'GET') return;
      // Browsers ask for it on every page; an empty answer beats a 404 in their consoles.
      if (url.pathname === '/favicon.ico') {
        payload.endResponse(new fetchAPI.Response(null, { status: 204 }));
        return;
      }
      if (url.pathname === chartPagePath || url.pathname === `${chartPagePath}/`) {
        const key = fromLoopback(payload.serverContext) ? devApiKey : undefined;
        const html = assets.render(chartSettingsFrom(url.searchParams, key));
        payload.endResponse(
          new fetchAPI.Response(html, {
            headers: {
              'content-type': 'text/html; charset=utf-8',
              'content-security-policy': assets.contentSecurityPolicy,
              // The page may carry the development key: never keep it in a cache.
              'cache-control': 'no-store',
              'x-content-type-options': 'nosniff',
              'referrer-policy': 'no-referrer',
            },
          }),
        );
      } else if (url.pathname === assets.libraryPath) {
        payload.endResponse(
          new fetchAPI.Response(assets.library, {
            headers: {
              'content-type': 'text/javascript; charset=utf-8',
              // The path names the library's version, so its content never changes.
              'cache-control': 'public, max-age=31536000, immutable',
              'x-content-type-options': 'nosniff',
            },
          }),
        );
      }
    },
  };
}
