import { z } from 'zod';
import type { SettingMeta } from './schema.js';

export interface SettingInfo extends SettingMeta {
  key: string;
  path: string[];
  type: 'string' | 'number' | 'boolean' | 'enum' | 'number[]' | 'string[]' | 'unknown';
  required: boolean;
  defaultValue?: unknown;
  choices?: string[];
}

/** Walks the zod schema into a flat list of settings: the env loader and the README table both read it. */
export function describeSettings(schema: z.ZodType, path: string[] = []): SettingInfo[] {
  const object = unwrap(schema);
  if (object instanceof z.ZodObject) {
    return Object.entries(object.shape as Record<string, z.ZodType>).flatMap(([key, child]) =>
      describeSettings(child, [...path, key]),
    );
  }
  const meta = (schema.meta() ?? {}) as Partial<SettingMeta>;
  const inner = unwrap(schema);
  const info: SettingInfo = {
    key: path.join('.'),
    path,
    description: meta.description ?? '',
    type: typeName(inner),
    required: !schema.safeParse(undefined).success,
  };
  if (meta.env) info.env = meta.env;
  if (meta.secret) info.secret = true;
  const fallback = schema.safeParse(undefined);
  if (fallback.success && fallback.data !== undefined) info.defaultValue = fallback.data;
  if (inner instanceof z.ZodEnum) info.choices = inner.options.map(String);
  return info.description || info.env ? [info] : [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current: z.ZodType = schema;
  for (;;) {
    if (
      current instanceof z.ZodOptional ||
      current instanceof z.ZodDefault ||
      current instanceof z.ZodPrefault
    ) {
      current = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodPipe) {
      current = current.in as z.ZodType;
    } else return current;
  }
}

function typeName(schema: z.ZodType): SettingInfo['type'] {
  const kind = schema._zod.def.type;
  if (kind === 'string' || kind === 'number' || kind === 'boolean' || kind === 'enum') return kind;
  if (schema instanceof z.ZodArray) {
    return unwrap(schema.element as z.ZodType)._zod.def.type === 'number' ? 'number[]' : 'string[]';
  }
  return 'unknown';
}
