/** The contract's scopes: `read` (queries, subscriptions), `trade` (paper), `live` (liveTrade). */
export const scopes = ['read', 'trade', 'live'] as const;
export type Scope = (typeof scopes)[number];

export function isScope(value: string): value is Scope {
  return (scopes as readonly string[]).includes(value);
}
