/**
 * `npm run apikey -- create|list|revoke` against the configured store (REDIS_URL), with a gateway
 * on the same Redis: a created key is printed once and admitted by the running gateway; list shows
 * it; revoke makes the gateway refuse it within a second. Without REDIS_URL the CLI refuses to
 * create keys that would live in no shared store.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseApiKeyArgs } from '../../src/auth/api-key-cli-args.js';
import { listReport } from '../../src/auth/api-key-report.js';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { testApiKeysEnv } from '../helpers/api-keys.js';
import { expectData } from '../helpers/graphql-client.js';
import { startRedisServer, type TestRedisServer } from '../helpers/redis-server.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { cleanEnvironment, runScript, type ScriptRun } from '../helpers/run-script.js';


let redis: TestRedisServer;
let fake: FakeExchange;
let gateway: TestGateway;

const apikey = (env: Record<string, string>, ...args: string[]): Promise<ScriptRun> =>
  runScript('src/api-key-cli.ts', args, cleanEnvironment({ NODE_ENV: 'test', ...env }));

beforeAll(async () => {
  redis = await startRedisServer({ spawn: true });
  fake = await startFakeExchange({ streamUpdateIntervalMs: 0 });
  gateway = await startTestGateway({ fake, env: { REDIS_URL: redis.url } });
});

afterAll(async () => {
  await gateway?.stop();
  await fake?.close();
  await redis?.stop();
});

describe('npm run apikey -- create | list | revoke', () => {
  it('creates a key in the store, printed once, that the running gateway admits; lists it; revokes it', async () => {
    const env = { REDIS_URL: redis.url, API_KEYS: testApiKeysEnv };
    const created = await apikey(env, 'create', '--id', 'first-admin', '--scopes', 'admin,read', '--expires-at', '2099-01-01T00:00:00Z');
    expect(created.code, created.stderr).toBe(0);
    const key = /^ {2}(gw_\S+)$/m.exec(created.stdout)?.[1];
    expect(key).toBeDefined();
    expect(created.stdout.split(key!).length - 1).toBe(1);
    expect(created.stdout).toContain('valid until 2099-01-01T00:00:00.000Z');

    const viewer = await gateway.execute<{ viewer: { id: string; scopes: string[] } }>('{ viewer { id scopes } }', { apiKey: key! });
    expect(expectData(viewer).viewer).toEqual({ id: 'first-admin', scopes: ['read', 'admin'] });
    // The first admin key administers the others through the API.
    const listed = await gateway.execute<{ apiKeys: { id: string }[] }>('{ apiKeys { id } }', { apiKey: key! });
    expect(expectData(listed).apiKeys.map((k) => k.id)).toContain('first-admin');

    const table = await apikey(env, 'list');
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^id +source +scopes +created +expires +revoked +last used$/m);
    expect(table.stdout).toMatch(/^first-admin +STORE +read,admin +\S+ +2099-01-01T00:00:00\.000Z +- /m);
    expect(table.stdout).toMatch(/^admin +ENV +admin /m);
    expect(table.stdout).not.toContain(key!);
    const json = JSON.parse((await apikey(env, 'list', '--json')).stdout) as { id: string; source: string }[];
    expect(json.find((k) => k.id === 'first-admin')).toMatchObject({ source: 'STORE' });

    const revoked = await apikey(env, 'revoke', '--id', 'first-admin');
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toMatch(/API key "first-admin" revoked at \d{4}-/);
    const deadline = Date.now() + 1000;
    while ((await gateway.execute('{ viewer { id } }', { apiKey: key! })).status !== 401) {
      expect(Date.now()).toBeLessThan(deadline);
      await sleep(20);
    }
  });

  it('names what is wrong, with exit codes', async () => {
    const env = { REDIS_URL: redis.url };
    const taken = await apikey(env, 'create', '--id', 'dup', '--scopes', 'read');
    expect(taken.code).toBe(0);
    const again = await apikey(env, 'create', '--id', 'dup', '--scopes', 'read');
    expect(again).toMatchObject({ code: 1, stdout: '' });
    expect(again.stderr).toMatch(/exists already/);
    expect((await apikey(env, 'revoke', 'nobody')).stderr).toMatch(/No API key has the id "nobody"/);
    const badScope = await apikey(env, 'create', '--id', 'x', '--scopes', 'root');
    expect(badScope.code).toBe(1);
    expect(badScope.stderr).toMatch(/Unknown scope root/);
    const noId = await apikey(env, 'create', '--scopes', 'read');
    expect(noId.code).toBe(2);
    expect(noId.stderr).toMatch(/create needs --id NAME/);
    expect(noId.stderr).toMatch(/Usage: npm run apikey/);
    const noStore = await apikey({}, 'create', '--id', 'y', '--scopes', 'read');
    expect(noStore.code).toBe(2);
    expect(noStore.stderr).toMatch(/REDIS_URL is not set/);
  });

  it('lets a production gateway start on stored keys alone, and refuses to start with none', async () => {
    const emptyDb = `${redis.url}/1`;
    await expect(startTestGateway({ fake, env: { NODE_ENV: 'production', API_KEYS: '', REDIS_URL: emptyDb } })).rejects.toThrow(/No API keys/);
    const created = await apikey({ REDIS_URL: emptyDb, NODE_ENV: 'production' }, 'create', '--id', 'ops', '--scopes', 'admin');
    expect(created.code, created.stderr).toBe(0);
    const key = /^ {2}(gw_\S+)$/m.exec(created.stdout)?.[1];
    const production = await startTestGateway({ fake, env: { NODE_ENV: 'production', API_KEYS: '', REDIS_URL: emptyDb } });
    try {
      expect(expectData(await production.execute<{ viewer: { id: string } }>('{ viewer { id } }', { apiKey: key! })).viewer.id).toBe('ops');
    } finally {
      await production.stop();
    }
  });

  it('parses its commands, naming a bad argument', () => {
    expect(parseApiKeyArgs(['create', '--id', 'a', '--scopes', 'read,admin'])).toEqual({ command: 'create', id: 'a', scopes: ['read', 'admin'], expiresAt: null });
    expect(parseApiKeyArgs(['create', '--id', 'a', '--scopes', 'read', '--expires-at', '2030-01-01T00:00:00Z'])).toMatchObject({ expiresAt: Date.UTC(2030, 0, 1) });
    expect(parseApiKeyArgs(['list'])).toEqual({ command: 'list', json: false });
    expect(parseApiKeyArgs(['list', '--json'])).toEqual({ command: 'list', json: true });
    expect(parseApiKeyArgs(['revoke', 'bot'])).toEqual({ command: 'revoke', id: 'bot' });
    expect(parseApiKeyArgs(['revoke', '--id', 'bot'])).toEqual({ command: 'revoke', id: 'bot' });
    expect(parseApiKeyArgs(['--id', 'e', '--scopes', 'read'])).toEqual({ command: 'entry', request: { id: 'e', scopes: ['read'] } });
    expect(parseApiKeyArgs(['--help'])).toEqual({ command: 'help' });
    expect(() => parseApiKeyArgs(['create', '--id', 'a'])).toThrow(/create needs --scopes/);
    expect(() => parseApiKeyArgs(['create', '--id', 'a', '--scopes', 'read', '--expires-at', 'soon'])).toThrow(/--expires-at must be an ISO-8601 instant; got "soon"/);
    expect(() => parseApiKeyArgs(['revoke'])).toThrow(/revoke needs --id NAME/);
    expect(() => parseApiKeyArgs(['delete', 'x'])).toThrow(/unknown command "delete"/);
    expect(() => parseApiKeyArgs(['list', '--all'])).toThrow(/Unknown option '--all'/);
  });

  it('lists keys as a table with one line per key', () => {
    const table = listReport(
      [
        { id: 'ops', scopes: ['admin'], source: 'ENV', createdAt: null, expiresAt: null, revokedAt: null, lastUsedAt: null },
        { id: 'bot', scopes: ['read', 'trade'], source: 'STORE', createdAt: Date.UTC(2026, 0, 1), expiresAt: null, revokedAt: Date.UTC(2026, 1, 1), lastUsedAt: null },
      ],
      false,
    );
    expect(table.split('\n')).toEqual([
      'id   source  scopes      created                   expires  revoked                   last used',
      'ops  ENV     admin       -                         -        -                         -',
      'bot  STORE   read,trade  2026-01-01T00:00:00.000Z  -        2026-02-01T00:00:00.000Z  -',
      '2 keys',
      '',
    ]);
  });
});
