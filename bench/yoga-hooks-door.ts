/**
 * The other way issue 8 asks to measure: the cached-query door built from Yoga's own hooks instead
 * of a node handler in front of Yoga. One key lookup in onParams (kept on the server context for
 * the auth plugin), the cache looked up by the operation's parameters, scopes checked and root
 * fields charged through the same limiter, and a hit answered with setResult whose `stringify`
 * returns the cached text (no re-serialization). Everything else of Yoga's pipeline still runs:
 * whatwg-node Request and Response objects, body parsing, the plugin chain, result processing.
 * Only the benchmark builds this; the gateway keeps what measured faster (bench/RESULTS.md).
 */
import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { createYoga, type Plugin } from 'graphql-yoga';
import type { Gateway } from '../src/app.js';
import { authenticate, type Authentication, type KeyLookup } from '../src/auth/authentication.js';
import { apiKeyFromHeaders } from '../src/auth/presented-api-key.js';
import { useApiKeyAuth } from '../src/auth/use-api-key-auth.js';
import type { GatewayContext } from '../src/context.js';
import { createMarketDataLoaders } from '../src/market-data/market-data-loaders.js';
import { createCandleBlockLoader } from '../src/market-data/candle-block-loader.js';
import { createLogger } from '../src/observability/logger.js';
import { useRequestLimits } from '../src/rate-limit/use-request-limits.js';
import { schema } from '../src/schema/schema.js';
import { QueryResultCache, queryCacheKey } from '../src/server/query-result-cache.js';
import { useQueryCacheFill } from '../src/server/use-query-cache-fill.js';

function useCachedAnswers(keys: KeyLookup, cache: QueryResultCache, gateway: Gateway): Plugin<{ authentication?: Authentication }> {
  const texts = new WeakMap<Buffer, string>();
  return {
    async onParams({ params, request, context, setResult }) {
      const authentication = authenticate(keys, apiKeyFromHeaders(request.headers));
      (context as { authentication?: Authentication }).authentication = authentication;
      const viewer = authentication.viewer;
      const entry = viewer && typeof params.query === 'string' ? cache.get(queryCacheKey(params.query, params.variables, params.operationName)) : undefined;
      if (!viewer || !entry) return;
      for (const field of entry.rootFields) {
        const policy = field.policy;
        if (!policy) continue;
        if (policy.scopes?.length && !policy.scopes.some((scope) => viewer.scopes.includes(scope as never))) return;
        if (policy.rateLimit && !(await gateway.services.rateLimiter.charge({ viewerId: viewer.id, policy, args: field.args, failOpen: true })).allowed) return;
      }
      let text = texts.get(entry.payload);
      if (text === undefined) texts.set(entry.payload, (text = entry.payload.toString('utf8')));
      const cachedText = text;
      setResult({ stringify: () => cachedText } as Parameters<typeof setResult>[0]);
    },
  };
}

/** A second server on the gateway's services whose cached answers come from Yoga's hooks. */
export async function startYogaHooksDoor(gateway: Gateway): Promise<{ url: string; server: Server }> {
  const cache = new QueryResultCache({ ttlMs: 3_600_000 });
  const { services } = gateway;
  const logger = createLogger('silent');
  const yoga = createYoga<{ authentication?: Authentication }, GatewayContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: false,
    logging: false,
    context: (): GatewayContext => ({
      requestId: randomUUID(),
      viewer: null,
      services,
      loaders: {
        candleBlocks: createCandleBlockLoader({ store: services.store, fetcher: services.candleFetcher, parsed: services.parsedBlocks, logger }),
        ...createMarketDataLoaders(services.marketSnapshots),
      },
      candleBudget: { requested: 0 },
    }),
    plugins: [useRequestLimits({ production: false }), useCachedAnswers(services.keys, cache, gateway), useApiKeyAuth({ keys: services.keys }), useQueryCacheFill({ cache })],
  });
  const server = createServer((request, response) => void yoga(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return { url: `http://127.0.0.1:${address.port}`, server };
}
