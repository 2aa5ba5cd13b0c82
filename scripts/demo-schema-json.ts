/** examples/demo.schema.json from src/demo (a test keeps them equal). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoSchema } from '../src/demo/schema.js';

export const demoSchemaJson = (): string => `${JSON.stringify(demoSchema, null, 2)}\n`;

if (process.argv[1]?.endsWith('demo-schema-json.ts')) writeFileSync(join(import.meta.dirname, '../examples/demo.schema.json'), demoSchemaJson());
