/**
 * Validating input shapes with zod's tree-shakable build (`zod/mini`): the browser core stays
 * small (zod's classic API brings every locale along, ~110 KB gzip). Mini schemas carry no
 * messages of their own, so every parse metricc makes passes the English messages explicitly —
 * without changing zod's global configuration, which belongs to the application.
 * https://zod.dev/packages/mini
 */
import * as z from 'zod/mini';
import { en } from 'zod/locales';

const english = en().localeError;

/** `schema.safeParse(data)` with English messages. */
export function parseShape<T extends z.ZodMiniType>(schema: T, data: unknown): ReturnType<T['safeParse']> {
  return schema.safeParse(data, { error: english }) as ReturnType<T['safeParse']>;
}
