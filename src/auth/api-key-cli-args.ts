/**
 * The arguments of `npm run apikey` (src/api-key-cli.ts): `create`, `list` and `revoke` manage
 * the keys kept in the store; without a command it mints an API_KEYS entry (mint-api-key-args.ts).
 * Bad arguments throw with a message that names them.
 */
import { parseArgs } from 'node:util';
import { parseMintArgs, type MintRequest } from './mint-api-key-args.js';
import { scopes as knownScopes } from './scopes.js';

export const apiKeyUsage = `Usage: npm run apikey -- create --id NAME --scopes SCOPE[,SCOPE...] [--expires-at ISO-8601]
         a key kept in the store (REDIS_URL), admitted by every gateway instance at once
       npm run apikey -- list [--json]
         every key: API_KEYS entries and stored ones, with when each was last used
       npm run apikey -- revoke --id NAME
         refuses a stored key on every gateway instance within a second
       npm run apikey -- --id NAME --scopes SCOPE[,SCOPE...]
         an API_KEYS entry instead (read-only configuration, no store needed)
  --id      letters, digits, '_' or '-' (at most 64; '.' too in API_KEYS entries)
  --scopes  any of ${knownScopes.join(', ')}, comma-separated`;

export type ApiKeyCommand =
  | { command: 'help' }
  | { command: 'entry'; request: MintRequest }
  | { command: 'create'; id: string; scopes: string[]; expiresAt: number | null }
  | { command: 'list'; json: boolean }
  | { command: 'revoke'; id: string };

export function parseApiKeyArgs(argv: string[]): ApiKeyCommand {
  const [first, ...rest] = argv;
  if (first === 'create') {
    const { values } = parseArgs({
      args: rest,
      options: { id: { type: 'string' }, scopes: { type: 'string' }, 'expires-at': { type: 'string' } },
      strict: true,
    });
    if (values.id === undefined) throw new Error('create needs --id NAME');
    if (values.scopes === undefined) throw new Error(`create needs --scopes (any of ${knownScopes.join(', ')})`);
    const expiresAt = values['expires-at'] === undefined ? null : Date.parse(values['expires-at']);
    if (expiresAt !== null && !Number.isFinite(expiresAt)) throw new Error(`--expires-at must be an ISO-8601 instant; got "${values['expires-at']}"`);
    return { command: 'create', id: values.id, scopes: values.scopes.split(','), expiresAt };
  }
  if (first === 'list') {
    const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' } }, strict: true });
    return { command: 'list', json: values.json === true };
  }
  if (first === 'revoke') {
    const { values, positionals } = parseArgs({ args: rest, options: { id: { type: 'string' } }, allowPositionals: true, strict: true });
    const id = values.id ?? positionals[0];
    if (id === undefined) throw new Error('revoke needs --id NAME');
    return { command: 'revoke', id };
  }
  if (first !== undefined && !first.startsWith('-')) throw new Error(`unknown command "${first}" (create, list, revoke)`);
  const request = parseMintArgs(argv);
  return request === 'help' ? { command: 'help' } : { command: 'entry', request };
}
