/**
 * The hash-tag rule that keeps multi-key operations inside one Redis Cluster slot. Redis Cluster
 * places a key by the part between its first `{` and the next `}` (its hash tag) when that part is
 * not empty, else by the whole key; a Lua script or a MULTI whose keys live in different slots is
 * refused (CROSSSLOT). So every key `transact` is given must carry the same tag, e.g.
 * `paper-account:{apikey}` and `paper-order:{apikey}:<clientOrderId>`. Both stores check the rule,
 * so a caller that breaks it fails in every test run, not only against a Cluster.
 * Reads and writes of independent keys (mget, mset) need no tag: the Redis store groups them by
 * slot itself.
 */

/** The key's hash tag (the text inside its first non-empty `{…}`), or undefined. */
export function hashTag(key: string): string | undefined {
  const open = key.indexOf('{');
  if (open < 0) return undefined;
  const close = key.indexOf('}', open + 1);
  if (close < 0 || close === open + 1) return undefined;
  return key.slice(open + 1, close);
}

/** Thrown when the keys of one multi-key operation could land in different Cluster slots. */
export class CrossSlotKeysError extends Error {
  constructor(operation: string, keys: readonly string[]) {
    super(
      `${operation}: keys ${keys.map((k) => `"${k}"`).join(', ')} do not share one hash tag; ` +
        'a multi-key operation must name keys like "doc:{tag}:a" and "doc:{tag}:b" so they stay in one Redis Cluster slot ' +
        '(docs/architecture.md, "Redis keys")',
    );
    this.name = 'CrossSlotKeysError';
  }
}

/** Throws CrossSlotKeysError unless the keys are one, or all carry the same hash tag. */
export function assertOneSlot(operation: string, keys: readonly string[]): void {
  if (new Set(keys).size <= 1) return;
  const tag = hashTag(keys[0] ?? '');
  if (tag === undefined || keys.some((key) => hashTag(key) !== tag)) throw new CrossSlotKeysError(operation, keys);
}
