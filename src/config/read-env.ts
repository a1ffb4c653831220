/** The environment as the gateway sees it: process.env, with `.env` applied when present. */
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'dotenv';

export function readEnv(envFile = '.env'): Record<string, string | undefined> {
  // Variables already set win over .env, as with dotenv's own default.
  const fromFile = existsSync(envFile) ? parse(readFileSync(envFile)) : {};
  return { ...fromFile, ...process.env };
}
