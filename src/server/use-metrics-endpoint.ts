/**
 * Yoga plugin: `GET /metrics` answers the gateway's registry in the Prometheus text format. It
 * needs no API key (scrapers carry none); it shows counts and latencies, never keys or payloads,
 * and belongs on a network only the operator's scraper reaches.
 */
import type { Plugin } from 'graphql-yoga';
import type { GatewayMetrics } from '../observability/metrics.js';

export interface MetricsEndpointOptions {
  metrics: GatewayMetrics;
  /** @default '/metrics' */
  endpoint?: string;
}

export function useMetricsEndpoint(options: MetricsEndpointOptions): Plugin {
  const endpoint = options.endpoint ?? '/metrics';
  return {
    async onRequest(payload) {
      const { url, request, fetchAPI } = payload;
      if (url.pathname !== endpoint) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        payload.endResponse(new fetchAPI.Response(null, { status: 405, headers: { allow: 'GET, HEAD' } }));
        return;
      }
      const body = await options.metrics.text();
      payload.endResponse(
        new fetchAPI.Response(request.method === 'HEAD' ? null : body, {
          status: 200,
          headers: { 'content-type': options.metrics.contentType, 'cache-control': 'no-store' },
        }),
      );
    },
  };
}
