/** The schema as text: sorted, so diffs show real changes, and with applied directives (@rateLimit). */
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { lexicographicSortSchema } from 'graphql';
import { schema } from './schema.js';

export function printedSchema(): string {
  return `${printSchemaWithDirectives(lexicographicSortSchema(schema))}\n`;
}
