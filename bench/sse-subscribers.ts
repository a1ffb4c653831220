/**
 * Many SSE subscribers for the benchmarks (Subscription.candles, Subscription.orderBook), each a plain
 * HTTP request read and parsed as it arrives (lighter than a full client, so the load generator is not
 * the bottleneck).
 */
import { Agent, request, type ClientRequest } from 'node:http';

export interface ArrivedCandle {
  openTime: number;
  close: string;
  volume: string;
  trades: number;
  closed: boolean;
}

export interface SseSubscriber {
  /** Resolves with the first candle's arrival. */
  first: Promise<void>;
  close(): void;
}

const agent = new Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });

/** A subscriber of any subscription: `onData` gets each event's `data` as it arrives. */
export function subscribeSseData<T>(
  baseUrl: string,
  apiKey: string,
  query: string,
  variables: Record<string, unknown>,
  onData: (data: T, arrivedAt: number) => void,
): SseSubscriber {
  const body = JSON.stringify({ query, variables });
  let req: ClientRequest | undefined;
  const first = new Promise<void>((resolve, reject) => {
    req = request(`${baseUrl}/graphql`, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'x-api-key': apiKey },
    });
    req.once('error', reject);
    req.once('response', (res) => {
      if (res.statusCode !== 200) return reject(new Error(`subscription answered HTTP ${res.statusCode}`));
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk: string) => {
        const arrivedAt = Date.now();
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.indexOf('data: {');
          if (!block.startsWith('event: next') || data < 0) continue;
          const payload = JSON.parse(block.slice(data + 6)) as { data?: T | null };
          if (!payload.data) return reject(new Error(`subscription error: ${block}`));
          onData(payload.data, arrivedAt);
          resolve();
        }
      });
      res.on('error', () => undefined);
    });
    req.end(body);
  });
  first.catch(() => undefined);
  return { first, close: () => req?.destroy() };
}

export function subscribeSse(
  baseUrl: string,
  apiKey: string,
  variables: { symbol: string; interval: string },
  onCandle: (candle: ArrivedCandle, arrivedAt: number) => void,
): SseSubscriber {
  const query = 'subscription ($symbol: String!, $interval: Interval!) { candles(symbol: $symbol, interval: $interval) { openTime close volume trades closed } }';
  return subscribeSseData<{ candles: Omit<ArrivedCandle, 'openTime'> & { openTime: string } }>(baseUrl, apiKey, query, variables, ({ candles }, arrivedAt) =>
    onCandle({ ...candles, openTime: Date.parse(candles.openTime) }, arrivedAt),
  );
}
