/**
 * Fresh client keys for trading tests. trade and liveTrade allow 10 calls a minute per key, and a
 * paper account belongs to one key, so each test takes keys of its own: its budget and its account
 * start clean. The shared test keys stay listed too.
 */
import { sha256Hex } from '../../src/auth/api-key-hash.js';
import { testApiKeysEnv } from '../helpers/api-keys.js';

export interface KeyPool {
  /** API_KEYS listing the shared test keys and this pool's. */
  env: string;
  /** The next unused key of `scope` ('trade', 'live' or 'trade,live'), with its id. */
  next(scope?: 'trade' | 'live' | 'trade,live'): { key: string; id: string };
}

/** `perScope` keys of each scope combination, ids `<prefix>-<scope>-<n>`. */
export function keyPool(prefix: string, perScope = 40): KeyPool {
  const scopes = ['trade', 'live', 'trade,live'] as const;
  const entries: string[] = [];
  for (const scope of scopes) {
    for (let n = 0; n < perScope; n++) {
      const id = `${prefix}-${scope.replace(',', '')}-${n}`;
      entries.push(`${id}:${sha256Hex(`key-${id}`)}:${scope}`);
    }
  }
  const used = new Map<string, number>();
  return {
    env: [testApiKeysEnv, ...entries].join(';'),
    next(scope = 'trade') {
      const n = used.get(scope) ?? 0;
      if (n >= perScope) throw new Error(`keyPool: all ${perScope} ${scope} keys are used; raise perScope`);
      used.set(scope, n + 1);
      const id = `${prefix}-${scope.replace(',', '')}-${n}`;
      return { key: `key-${id}`, id };
    },
  };
}
