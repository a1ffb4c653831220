/**
 * Re-seals every stored exchange credential under the current master key (the last step of a
 * master-key rotation, `npm run credentials-key -- rotate`), so the old key can then be dropped.
 * Reads the collection page by page; a record changed meanwhile is left for its next use, which
 * re-seals it too (credential-vault.ts).
 */
import type { RecordCollections } from '../store/store.js';
import { CredentialsUnreadableError } from './credential-cipher.js';
import type { CredentialVault } from './credential-vault.js';
import { credentialsCollection, storedCredentialsSchema } from './stored-credentials.js';

export interface ResealReport {
  resealed: number;
  /** Already under the current master key. */
  current: number;
  /** Sealed under no configured master key, or altered: their keys must set them again. */
  unreadable: string[];
}

export async function resealAll(store: RecordCollections, vault: CredentialVault): Promise<ResealReport> {
  const report: ResealReport = { resealed: 0, current: 0, unreadable: [] };
  for (let after = 0; ; ) {
    const page = await store.changedRecords(credentialsCollection, after, 500);
    for (const change of page) {
      if (change.value === null) continue;
      try {
        if (await vault.reseal(change.id, change.value, storedCredentialsSchema.parse(JSON.parse(change.value)))) report.resealed++;
        else report.current++;
      } catch (error) {
        if (!(error instanceof CredentialsUnreadableError)) throw error;
        report.unreadable.push(change.id);
      }
    }
    if (page.length < 500) return report;
    after = page.at(-1)?.revision ?? after;
  }
}
