export { demoSchema, DEMO_START, DEMO_DAYS, DEMO_NOW, DEMO_TENANTS, DEMO_SLOTS } from './schema.js';
export { demoTableSql, demoInsertSql } from './generate.js';
