// Names a schema as a shared component of the OpenAPI document: a symbol, so no validator or serializer sees it.
import type { TSchema } from '@sinclair/typebox';

const COMPONENT_NAME = Symbol.for('zld.api.component');

/** Marks `schema` (and the copies TypeBox makes of it, e.g. `Type.Optional`) as the component `name`. */
export function Named<T extends TSchema>(name: string, schema: T): T {
  (schema as T & { [COMPONENT_NAME]?: string })[COMPONENT_NAME] = name;
  return schema;
}

/** The component name `Named` gave a schema, if any. */
export function componentNameOf(schema: unknown): string | undefined {
  if (typeof schema !== 'object' || schema === null) return undefined;
  const name = (schema as { [COMPONENT_NAME]?: unknown })[COMPONENT_NAME];
  return typeof name === 'string' ? name : undefined;
}
