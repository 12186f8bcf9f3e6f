// One list of provider types (PROVIDER_TYPES in core/types.ts): the config schema's `type` enum, the adapter
// registry, the generated JSON Schema, the well-known providers and the "needs a type" error all follow it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import known from '../../config/known_providers.json';
import { parseConfig } from '../../src/core/config/load';
import { ProviderSchema } from '../../src/core/config/schema';
import { ConfigErrors } from '../../src/core/errors';
import { ADAPTERS } from '../../src/core/providers/registry';
import { PROVIDER_TYPES } from '../../src/core/types';
import { ROOT } from './helpers/config';

const sorted = (xs: Iterable<string>) => [...xs].sort();

describe('one list of provider types', () => {
  it('the schema enum and the adapter registry are that list', () => {
    assert.deepEqual(sorted(ProviderSchema.shape.type.unwrap().options), sorted(PROVIDER_TYPES));
    assert.deepEqual(sorted(Object.keys(ADAPTERS)), sorted(PROVIDER_TYPES));
  });

  it('the generated JSON Schema and the well-known providers use it', () => {
    const text = readFileSync(join(ROOT, 'config', 'llm_routing.schema.json'), 'utf8');
    const enums = [...text.matchAll(/"enum":\s*\[([^\]]*)\]/g)].map((m) => sorted(JSON.parse(`[${m[1]}]`) as string[]));
    assert.ok(enums.some((e) => JSON.stringify(e) === JSON.stringify(sorted(PROVIDER_TYPES))), 'npm run schema writes the list');
    for (const [name, p] of Object.entries(known.providers)) assert.ok((PROVIDER_TYPES as readonly string[]).includes(p.type), `${name}: ${p.type}`);
  });

  it('a provider without a type is told every type there is', () => {
    const err = (() => {
      try {
        parseConfig('providers:\n  premium:\n    acme: { base_url: "https://acme.example/v1" }\n', { file: 't.yaml', env: () => undefined });
      } catch (e) {
        return e;
      }
    })();
    assert.ok(err instanceof ConfigErrors);
    assert.ok(err.message.includes(`(one of ${PROVIDER_TYPES.join(', ')})`), err.message);
  });
});
