/**
 * The shared security suite (as in unkey's API tests): given one protected operation, checks that
 * no key and an unknown key are refused as UNAUTHENTICATED (HTTP 401; the WebSocket transport
 * closes with 4403 instead), that every key lacking the operation's scope gets FORBIDDEN, and that
 * a key holding only that scope passes authorization. Every operation of the contract is one line
 * in security.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { Scope } from '../../src/auth/scopes.js';
import { testKeys } from '../helpers/api-keys.js';
import { firstResult, type Transport } from './transports.js';

export interface ProtectedOperation {
  /** Schema coordinate of the root field, e.g. "Mutation.trade". */
  field: string;
  /** The scope the contract requires; 'any' when any valid key may call it. */
  scope: Scope | 'any';
  transport: Transport;
  query: string;
  variables?: object;
  /** A subscription that sends nothing until something happens: open and silent this long counts as let through. */
  quietMs?: number;
}

type TestKeyName = keyof typeof testKeys;
const scopesOfKey: Record<TestKeyName, Scope[]> = {
  read: ['read'],
  trade: ['trade'],
  readTrade: ['read', 'trade'],
  live: ['live'],
  all: ['read', 'trade', 'live'],
  admin: ['admin'],
};
/** Keys holding exactly one scope, so "passes" proves that scope alone suffices. */
const singleScopeKey: Record<Scope, TestKeyName> = { read: 'read', trade: 'trade', live: 'live', admin: 'admin' };
const authCodes = ['UNAUTHENTICATED', 'FORBIDDEN'];

export function describeSecurity(operation: ProtectedOperation, gatewayUrl: () => string): void {
  const { field, scope, transport, query, variables, quietMs } = operation;
  const run = (apiKey?: string) => firstResult(transport, gatewayUrl(), query, { variables, apiKey, quietMs });

  describe(`${field} over ${transport}${variables ? ` ${JSON.stringify(variables)}` : ''}`, () => {
    const refusedAtTheDoor = async (apiKey?: string) => {
      const result = await run(apiKey);
      if (transport === 'ws') {
        expect(result.closeCode, result.raw).toBe(4403);
      } else {
        expect(result.status, result.raw).toBe(401);
        expect(result.codes).toEqual(['UNAUTHENTICATED']);
        expect(result.hasData).toBe(false);
      }
    };

    it('refuses a request without a key: UNAUTHENTICATED', () => refusedAtTheDoor());

    it('refuses an unknown key: UNAUTHENTICATED', () => refusedAtTheDoor('not-a-key-of-this-gateway'));

    const lacking = scope === 'any' ? [] : (Object.keys(testKeys) as TestKeyName[]).filter((k) => !scopesOfKey[k].includes(scope));
    for (const keyName of lacking) {
      it(`refuses the ${keyName} key, which lacks ${scope}: FORBIDDEN`, async () => {
        const result = await run(testKeys[keyName]);
        expect(result.codes, result.raw).toContain('FORBIDDEN');
        expect(result.status ?? 200).toBe(200);
      });
    }

    const passing = scope === 'any' ? (['read', 'trade', 'live', 'admin'] as Scope[]).map((s) => singleScopeKey[s]) : [singleScopeKey[scope]];
    for (const keyName of passing) {
      it(`lets the ${keyName} key through authorization`, async () => {
        const result = await run(testKeys[keyName]);
        expect(result.closeCode, result.raw).toBeUndefined();
        expect(result.status ?? 200).toBe(200);
        expect(result.codes.filter((code) => authCodes.includes(String(code))), result.raw).toEqual([]);
      });
    }
  });
}
