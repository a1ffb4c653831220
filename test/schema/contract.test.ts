/**
 * The schema frontends rely on: the served schema has no breaking change against the contract, and
 * the checked-in schema/schema.graphql is what the server serves (run `npm run schema` after a change).
 */
import { readFileSync } from 'node:fs';
import { buildSchema, findBreakingChanges } from 'graphql';
import { describe, expect, it } from 'vitest';
import { printedSchema } from '../../src/schema/printed-schema.js';
import { schema } from '../../src/schema/schema.js';

const contract = buildSchema(readFileSync(new URL('../../schema/contract.graphql', import.meta.url), 'utf8'));

describe('schema', () => {
  it('has no breaking change against schema/contract.graphql', () => {
    const breaking = findBreakingChanges(contract, schema).map((c) => `${c.type}: ${c.description}`);
    expect(breaking).toEqual([]);
  });

  it('schema/schema.graphql is up to date (npm run schema)', () => {
    const checkedIn = readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8');
    expect(checkedIn).toBe(printedSchema());
  });

  it('keeps schema/contract.graphql a verbatim copy of the shared contract when it is at hand', () => {
    const shared = new URL('../../../shared/contract/gateway.graphql', import.meta.url);
    let sharedText: string | undefined;
    try {
      sharedText = readFileSync(shared, 'utf8');
    } catch (error) {
      // Outside the workspace (a plain clone) there is no ../shared to compare with.
      expect((error as NodeJS.ErrnoException).code).toBe('ENOENT');
      return;
    }
    expect(readFileSync(new URL('../../schema/contract.graphql', import.meta.url), 'utf8')).toBe(sharedText);
  });

  it('prints the directives clients can use: @stream, @defer and @rateLimit', () => {
    const printed = printedSchema();
    expect(printed).toContain('directive @stream');
    expect(printed).toContain('directive @defer');
    expect(printed).toContain('directive @rateLimit');
  });
});
