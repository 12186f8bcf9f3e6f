// Which config the CLI uses: --config, else $LLM_ROUTER_CONFIG, else the shipped default.
import { resolve } from 'node:path';
import { loadConfigFile, shippedConfigPath } from '../core/config/load';
import type { LoadedConfig } from '../core/config/model';
import { secretsOf } from '../core/privacy/redact';
import type { CliIO } from './io';

export function configPathFor(flag: string | undefined, io: CliIO): { path: string; label: string } {
  const given = flag ?? io.env.LLM_ROUTER_CONFIG;
  if (given) return { path: resolve(io.cwd, given), label: given };
  return { path: shippedConfigPath(), label: 'config/llm_routing.yaml' };
}

export function loadCliConfig(flag: string | undefined, io: CliIO): LoadedConfig {
  const { path, label } = configPathFor(flag, io);
  const config = loadConfigFile(path, { label, env: (name) => io.env[name] });
  io.hide?.([...config.providers.values()].flatMap(secretsOf));
  return config;
}
