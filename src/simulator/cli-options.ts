/**
 * The standalone simulator's command line, parsed into FakeExchangeOptions: every problem is
 * collected and reported together, with the option's name, what it expects and what it received.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { AccountSpec } from './accounts.js';
import type { FakeExchangeOptions } from './fake-exchange-types.js';
import { defaultSymbols, type SymbolSpec } from './symbols.js';

export const USAGE = `Usage: npm run simulator -- [options]

  --port N                     port on 127.0.0.1 (0 = any free port)          default 0
  --seed N                     salt of every generated price, trade and id      default 1
  --symbols A,B | FILE.json    listed symbols: names of the defaults (${defaultSymbols.map((s) => s.symbol).join(', ')})
                               or a JSON file of SymbolSpec objects             default all four
  --api-key K --api-secret S   the default account's HMAC key                   default sim-api-key / sim-api-secret
  --ed25519-public-key FILE    make the default account's key Ed25519 (PEM public key)
  --accounts FILE.json         every account: [{apiKey, apiSecret?, ed25519PublicKeyPem? | ed25519PublicKeyFile?, balances?}]
  --clock-offset-ms N          exchange clock = machine clock + N               default 0
  --freeze-at TIME             stop the exchange clock at TIME (ISO 8601 or epoch ms)
  --tape-start TIME            when the live trade tape begins                  default 1 minute before the start minute
  --listing-time TIME          no klines before this                            default 2017-08-17
  --weight-limit N             REQUEST_WEIGHT per minute                         default 6000
  --stream-update-interval-ms N  kline stream push interval (0 = manual only)   default 2000
  --help

Prints one JSON line {"baseUrl","wsUrl","wsApiUrl","apiKey","apiSecret"} on stdout; logs go to stderr.`;

export interface CliChoice {
  options: FakeExchangeOptions;
  /** Epoch ms to freeze the clock at, if asked. */
  freezeAt?: number;
  help: boolean;
}

/** Thrown with every problem found, one per line. */
export class CliError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'CliError';
  }
}

export function parseCli(argv: string[]): CliChoice {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' }, seed: { type: 'string' }, symbols: { type: 'string' }, 'api-key': { type: 'string' },
      'api-secret': { type: 'string' }, 'ed25519-public-key': { type: 'string' }, accounts: { type: 'string' },
      'clock-offset-ms': { type: 'string' }, 'freeze-at': { type: 'string' }, 'tape-start': { type: 'string' },
      'listing-time': { type: 'string' }, 'weight-limit': { type: 'string' }, 'stream-update-interval-ms': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  const problems: string[] = [];
  const integer = (name: string, raw: string | undefined, min: number): number | undefined => {
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) problems.push(`--${name} expects an integer >= ${min}, received "${raw}"`);
    return n;
  };
  const time = (name: string, raw: string | undefined): number | undefined => {
    if (raw === undefined) return undefined;
    const n = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
    if (!Number.isFinite(n)) problems.push(`--${name} expects an ISO 8601 time or epoch ms, received "${raw}"`);
    return n;
  };
  const file = (name: string, path: string): string | undefined => {
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      problems.push(`--${name}: cannot read ${path}: ${(error as Error).message}`);
      return undefined;
    }
  };
  const json = <T>(name: string, path: string): T | undefined => {
    const text = file(name, path);
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      problems.push(`--${name}: ${path} is not JSON: ${(error as Error).message}`);
      return undefined;
    }
  };

  const options: FakeExchangeOptions = {};
  const set = <K extends keyof FakeExchangeOptions>(key: K, value: FakeExchangeOptions[K] | undefined): void => {
    if (value !== undefined) options[key] = value;
  };
  set('port', integer('port', values.port, 0));
  set('seed', integer('seed', values.seed, 0));
  set('clockOffsetMs', integer('clock-offset-ms', values['clock-offset-ms'], -Number.MAX_SAFE_INTEGER));
  set('weightLimitPerMinute', integer('weight-limit', values['weight-limit'], 1));
  set('streamUpdateIntervalMs', integer('stream-update-interval-ms', values['stream-update-interval-ms'], 0));
  set('tapeStartTime', time('tape-start', values['tape-start']));
  set('listingTime', time('listing-time', values['listing-time']));
  set('apiKey', values['api-key']);
  set('apiSecret', values['api-secret']);
  if (values['ed25519-public-key']) set('ed25519PublicKeyPem', file('ed25519-public-key', values['ed25519-public-key']));
  if (values.symbols) {
    if (values.symbols.endsWith('.json')) set('symbols', json<SymbolSpec[]>('symbols', values.symbols));
    else {
      const names = values.symbols.split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = names.filter((n) => !defaultSymbols.some((s) => s.symbol === n));
      if (unknown.length) problems.push(`--symbols: unknown ${unknown.join(', ')}; known: ${defaultSymbols.map((s) => s.symbol).join(', ')} (or give a JSON file)`);
      set('symbols', defaultSymbols.filter((s) => names.includes(s.symbol)));
    }
  }
  if (values.accounts) {
    const specs = json<Array<AccountSpec & { ed25519PublicKeyFile?: string }>>('accounts', values.accounts);
    if (specs !== undefined && !Array.isArray(specs)) problems.push('--accounts: the file must hold a JSON array of accounts');
    else if (specs) {
      set('accounts', specs.map(({ ed25519PublicKeyFile, ...spec }) => {
        const pem = ed25519PublicKeyFile ? file('accounts', ed25519PublicKeyFile) : undefined;
        return pem === undefined ? spec : { ...spec, ed25519PublicKeyPem: pem };
      }));
    }
  }
  const freezeAt = time('freeze-at', values['freeze-at']);
  if (problems.length) throw new CliError(problems);
  const choice: CliChoice = { options, help: values.help === true };
  if (freezeAt !== undefined) choice.freezeAt = freezeAt;
  return choice;
}
