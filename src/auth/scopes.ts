/**
 * The contract's scopes: `read` (market data, viewer), `trade` (paper), `live` (live orders and
 * exchange credentials), `admin` (the gateway's client keys).
 */
export const scopes = ['read', 'trade', 'live', 'admin'] as const;
export type Scope = (typeof scopes)[number];

export function isScope(value: string): value is Scope {
  return (scopes as readonly string[]).includes(value);
}
