/**
 * CREDENTIALS_KEY and CREDENTIALS_KEY_FILE in the configuration: a key file that group or others
 * can read is refused at start, as are both variables at once and a malformed key (named, never
 * quoted); live trading may be on without the gateway's own exchange credentials once keys can store theirs.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { configProblems } from '../helpers/config-problems.js';
import { freshMasterKey } from '../../src/credentials/master-keys.js';

const dir = mkdtempSync(join(tmpdir(), 'credentials-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const problemsOf = configProblems;

function keyFile(name: string, content: string, mode: number): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  chmodSync(path, mode);
  return path;
}

describe('the master key of stored exchange credentials', () => {
  const key = freshMasterKey();

  it('is read from CREDENTIALS_KEY or from an owner-only CREDENTIALS_KEY_FILE', () => {
    expect(loadConfig({ CREDENTIALS_KEY: key }).credentialsKeys?.current.key.toString('base64')).toBe(key);
    const path = keyFile('owner-only', `${key}\n`, 0o600);
    expect(loadConfig({ CREDENTIALS_KEY_FILE: path }).credentialsKeys?.current.key.toString('base64')).toBe(key);
    expect(loadConfig({}).credentialsKeys).toBeUndefined();
  });

  it('refuses a key file that group or others can read', () => {
    for (const mode of [0o644, 0o640, 0o604]) {
      const path = keyFile(`open-${mode.toString(8)}`, key, mode);
      const [problem] = problemsOf({ CREDENTIALS_KEY_FILE: path });
      expect(problem).toMatch(/^CREDENTIALS_KEY_FILE: .* is open to group or others \(mode \d+\); make it the owner's only: chmod 600/);
      expect(problem).not.toContain(key);
    }
    expect(problemsOf({ CREDENTIALS_KEY_FILE: join(dir, 'missing') })[0]).toMatch(/CREDENTIALS_KEY_FILE: cannot read .* \(ENOENT\)/);
  });

  it('refuses both variables at once, and a malformed key without quoting it', () => {
    expect(problemsOf({ CREDENTIALS_KEY: key, CREDENTIALS_KEY_FILE: keyFile('both', key, 0o600) })[0]).toMatch(/set one of them, not both/);
    const [problem] = problemsOf({ CREDENTIALS_KEY: 'not-a-key' });
    expect(problem).toMatch(/^CREDENTIALS_KEY: entry 1 is not/);
    expect(problem).not.toContain('not-a-key');
  });

  it('lets live trading be on without the gateway’s own exchange credentials when keys can store theirs', () => {
    expect(loadConfig({ LIVE_TRADING: 'on', CREDENTIALS_KEY: key }).liveTrading).toBe(true);
    expect(problemsOf({ LIVE_TRADING: 'on' })[0]).toMatch(/LIVE_TRADING.*BINANCE_API_KEY.*or CREDENTIALS_KEY/);
    expect(problemsOf({ BINANCE_API_KEY: 'only-the-key' })[0]).toMatch(/set both or neither/);
  });
});
