// Writes config/llm_routing.schema.json from the zod schema. `npm run schema`; a unit test fails when it is stale.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configJsonSchema } from '../src/core/config/schema';

export const SCHEMA_PATH = join(__dirname, '..', 'config', 'llm_routing.schema.json');
export const schemaText = () => JSON.stringify(configJsonSchema(), null, 2) + '\n';

if (require.main === module) {
  writeFileSync(SCHEMA_PATH, schemaText());
  console.log(`wrote ${SCHEMA_PATH}`);
}
