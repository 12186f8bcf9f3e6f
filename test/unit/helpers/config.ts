// Loads configs for tests with an explicit environment (never the machine's real keys).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfigFile, parseConfig } from '../../../src/core/config/load';
import { createDecider } from '../../../src/core/rules';

export const ROOT = join(__dirname, '..', '..', '..');
export const SHIPPED = join(ROOT, 'config', 'llm_routing.yaml');
export const SEED = join(ROOT, 'test', 'fixtures', 'configs', 'seed.yaml');

/** Fake test keys: every cloud provider of the shipped config is usable. */
export const ALL_KEYS: Record<string, string> = {
  GROQ_API_KEY: 'gsk_test_key_groq_0001',
  TOGETHER_API_KEY: 'tg_test_key_0002',
  FIREWORKS_API_KEY: 'fw_test_key_0003',
  ANTHROPIC_API_KEY: 'sk-ant-test-key-0004',
  OPENAI_API_KEY: 'sk-test-key-openai-0005',
  GEMINI_API_KEY: 'gm_test_key_0006',
  MISTRAL_API_KEY: 'ms_test_key_0007',
};

export const envOf = (vars: Record<string, string>) => (name: string) => vars[name];

export function shipped(vars: Record<string, string> = ALL_KEYS) {
  return loadConfigFile(SHIPPED, { label: 'config/llm_routing.yaml', env: envOf(vars) });
}

export function seed(vars: Record<string, string> = ALL_KEYS) {
  return loadConfigFile(SEED, { label: 'seed.yaml', env: envOf(vars) });
}

export function fromYaml(text: string, vars: Record<string, string> = ALL_KEYS) {
  return parseConfig(text, { file: 'test.yaml', env: envOf(vars) });
}

export function deciderFor(text: string, vars: Record<string, string> = ALL_KEYS) {
  return createDecider(fromYaml(text, vars));
}

export const readText = (p: string) => readFileSync(p, 'utf8');
