/** The query the OHLCV benchmark repeats, and the key it uses. */
import { sha256Hex } from '../src/auth/api-key-hash.js';

export const benchReadKey = 'bench-read-key';
export const benchApiKeysEnv = `bench:${sha256Hex(benchReadKey)}:read,trade`;

/** ohlcv(limit: 500) over closed bars: the steady state of a chart that reloads history. */
export const benchQueryBody = JSON.stringify({
  query: `query Bench($symbol: String!) {
  ohlcv(symbol: $symbol, interval: MIN_1, limit: 500, start: "2024-01-01T00:00:00.000Z") {
    openTime closeTime open high low close volume quoteVolume trades closed
  }
}`,
  variables: { symbol: 'BTCUSDT' },
});
