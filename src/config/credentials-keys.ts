/**
 * CREDENTIALS_KEY or CREDENTIALS_KEY_FILE: the master keys of stored exchange credentials
 * (credentials/master-keys.ts). The file must be readable by its owner only: a key file that group
 * or others can read is refused, as ssh refuses such a private key. Problems are named by variable,
 * never with the key's value.
 */
import { readFileSync, statSync } from 'node:fs';
import { parseMasterKeys, type MasterKeyRing } from '../credentials/master-keys.js';

export function readCredentialsKeys(inline: string | undefined, file: string | undefined, problems: string[]): MasterKeyRing | undefined {
  if (inline !== undefined && file !== undefined) {
    problems.push('CREDENTIALS_KEY, CREDENTIALS_KEY_FILE: set one of them, not both');
    return undefined;
  }
  if (inline !== undefined) return parsed('CREDENTIALS_KEY', inline, problems);
  if (file === undefined) return undefined;
  let mode: number;
  let text: string;
  try {
    mode = statSync(file).mode;
    text = readFileSync(file, 'utf8');
  } catch (error) {
    problems.push(`CREDENTIALS_KEY_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    return undefined;
  }
  if ((mode & 0o077) !== 0) {
    problems.push(`CREDENTIALS_KEY_FILE: ${file} is open to group or others (mode ${(mode & 0o777).toString(8)}); make it the owner's only: chmod 600 ${file}`);
    return undefined;
  }
  return parsed('CREDENTIALS_KEY_FILE', text, problems);
}

function parsed(variable: string, text: string, problems: string[]): MasterKeyRing | undefined {
  try {
    return parseMasterKeys(text);
  } catch (error) {
    problems.push(`${variable}: ${(error as Error).message}`);
    return undefined;
  }
}
