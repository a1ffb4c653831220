/** `npm run schema`: writes the schema the server serves to schema/schema.graphql (sorted, with applied directives). */
import { writeFileSync } from 'node:fs';
import { printedSchema } from './schema/printed-schema.js';

writeFileSync(new URL('../schema/schema.graphql', import.meta.url), printedSchema());
process.stdout.write('wrote schema/schema.graphql\n');
