/** The arguments of `npm run apikey -- --id NAME --scopes ...` (an API_KEYS entry, mint-api-key.ts), validated with messages that name the bad one. */
import { parseArgs } from 'node:util';
import { isScope, scopes as knownScopes, type Scope } from './scopes.js';

export interface MintRequest {
  id: string;
  /** Known scopes, each once, in the contract's order. */
  scopes: Scope[];
}

/** The request, or `'help'`; throws with a message naming the bad argument. */
export function parseMintArgs(argv: string[]): MintRequest | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: { id: { type: 'string' }, scopes: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) return 'help';
  const id = values.id ?? '';
  // ':' and ';' delimit API_KEYS entries, so an id must not contain them.
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(id)) {
    throw new Error(`--id must be 1 to 64 letters, digits, '.', '_' or '-'; got ${id === '' ? 'nothing' : `"${id}"`}`);
  }
  const requested = (values.scopes ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (requested.length === 0) throw new Error(`--scopes needs at least one of ${knownScopes.join(', ')}`);
  const unknown = requested.filter((s) => !isScope(s));
  if (unknown.length > 0) throw new Error(`unknown scope ${unknown.join(', ')} (known: ${knownScopes.join(', ')})`);
  return { id, scopes: knownScopes.filter((s) => requested.includes(s)) };
}
