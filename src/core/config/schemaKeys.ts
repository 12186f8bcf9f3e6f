// Which keys the schema allows at a path: the candidates for "did you mean …".
import type { z } from 'zod';
import { ConfigSchema } from './schema';

// zod v4 keeps a schema's definition at _zod.def; only the shapes used by ConfigSchema are walked.
interface Def {
  type: string;
  shape?: Record<string, unknown>;
  innerType?: unknown;
  valueType?: unknown;
  keyType?: unknown;
  element?: unknown;
  options?: unknown[];
  entries?: Record<string, string>;
}
const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;

function unwrap(s: unknown): unknown {
  let cur = s;
  for (let d = defOf(cur); d.innerType; d = defOf(cur)) cur = d.innerType;
  return cur;
}

function step(s: unknown, key: string | number): unknown | undefined {
  const d = defOf(unwrap(s));
  switch (d.type) {
    case 'object':
      return d.shape?.[key as string];
    case 'record':
      return d.valueType;
    case 'array':
      return typeof key === 'number' ? d.element : undefined;
    case 'union':
      for (const o of d.options ?? []) {
        const next = step(o, key);
        if (next) return next;
      }
      return undefined;
    default:
      return undefined;
  }
}

export function allowedKeysAt(path: readonly (string | number)[], root: z.ZodType = ConfigSchema): string[] {
  let cur: unknown = root;
  for (const key of path) {
    cur = step(cur, key);
    if (!cur) return [];
  }
  const d = defOf(unwrap(cur));
  if (d.type === 'object') return Object.keys(d.shape ?? {});
  if (d.type === 'record' && d.keyType) {
    const k = defOf(d.keyType);
    if (k.entries) return Object.values(k.entries);
  }
  if (d.type === 'union') {
    for (const o of d.options ?? []) {
      const od = defOf(unwrap(o));
      if (od.type === 'object') return Object.keys(od.shape ?? {});
    }
  }
  return [];
}
