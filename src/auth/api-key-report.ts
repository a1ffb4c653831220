/** What `npm run apikey -- create|list|revoke` prints: a created key once, keys as a table (or JSON), a revocation. */
import type { ApiKeyDescription } from './api-key-description.js';

const instant = (ms: number | null): string => (ms === null ? '-' : new Date(ms).toISOString());

export function createdReport(key: string, apiKey: ApiKeyDescription): string {
  return (
    `API key "${apiKey.id}" (${apiKey.scopes.join(',')}) created in the store` +
    `${apiKey.expiresAt === null ? '' : `, valid until ${instant(apiKey.expiresAt)}`}.\n` +
    `It is shown only this once; give it to the client now:\n\n  ${key}\n\n` +
    'Every gateway instance on this store admits it now; revoke it with `npm run apikey -- revoke --id ' + apiKey.id + '`.\n'
  );
}

export function listReport(keys: readonly ApiKeyDescription[], json: boolean): string {
  if (json) return `${JSON.stringify(keys, null, 2)}\n`;
  const header = ['id', 'source', 'scopes', 'created', 'expires', 'revoked', 'last used'];
  const rows = keys.map((key) => [key.id, key.source, key.scopes.join(','), instant(key.createdAt), instant(key.expiresAt), instant(key.revokedAt), instant(key.lastUsedAt)]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n${keys.length} key${keys.length === 1 ? '' : 's'}\n`;
}

export function revokedReport(apiKey: ApiKeyDescription): string {
  return `API key "${apiKey.id}" revoked at ${instant(apiKey.revokedAt)}; every gateway instance refuses it within a second.\n`;
}
