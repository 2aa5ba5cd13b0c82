/** metricc/provider — compile against tenants' documents kept in a store (README). */
export { compilerFor, type Layout, type TenantCompiler, type TenantDocuments, type TenantLoader, type ProviderEvent, type ProviderEventType, type ProviderOptions } from './tenant-compiler.js';
export { postgresLoader, postgresDocumentsTableSql, type PgQueryable, type PostgresLoaderOptions } from './postgres.js';
