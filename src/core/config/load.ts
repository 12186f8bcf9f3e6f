// Loads llm_routing.yaml: YAML with positions -> zod -> cross-checks -> normalized LoadedConfig.
// Every problem is reported as FILE:LINE:COL: message; a missing ${VAR} only disables its provider.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LineCounter, type Document } from 'yaml';
import type { z } from 'zod';
import { ConfigError, ConfigErrors } from '../errors';
import { compileRules, seedRuleSources, type RuleSource } from './compileRules';
import { collectModelRefs } from './modelRefs';
import { processEnv, type EnvLookup } from './interpolate';
import type { LoadedConfig, Target } from './model';
import { PositionIndex, type YamlPath } from './positions';
import { buildProviders, modelResolver } from './providers';
import { ConfigSchema, type RawConfig } from './schema';
import { allowedKeysAt } from './schemaKeys';
import { yamlErrorOffset } from './yamlErrorPos';
import { didYouMean } from './suggest';
import { formatTarget, parseTarget } from './targets';
import { MAX_ALIAS_COUNT, parseBounded } from './yamlBounds';

export interface LoadOptions {
  /** Shown in error positions. */
  file?: string;
  /** Where ${VAR} is looked up; process.env by default. */
  env?: EnvLookup;
}

const pathText = (path: YamlPath) => path.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join('.').replace(/\.\[/g, '[');

/** Problems reported with a position; past this many only their number is (locating each one costs a search). */
const MAX_PROBLEMS = 50;

class Problems {
  readonly errors: ConfigError[] = [];
  readonly warnings: string[] = [];
  private unshown = 0;
  constructor(
    private readonly file: string,
    private readonly pos: PositionIndex,
  ) {}
  error(path: YamlPath, message: string, key?: string) {
    if (this.errors.length >= MAX_PROBLEMS) return void this.unshown++;
    const p = key === undefined ? this.pos.of(path) : this.pos.ofKey(path.slice(0, -1), key);
    this.errors.push(new ConfigError(this.file, p.line, p.col, message));
  }
  errorAt(line: number, col: number, message: string) {
    if (this.errors.length >= MAX_PROBLEMS) return void this.unshown++;
    this.errors.push(new ConfigError(this.file, line, col, message));
  }
  warn(message: string) {
    this.warnings.push(message);
  }
  throwIfAny() {
    if (!this.errors.length) return;
    this.errors.sort((a, b) => a.line - b.line || a.col - b.col);
    if (this.unshown) {
      const last = this.errors[this.errors.length - 1];
      this.errors.push(new ConfigError(this.file, last.line, last.col, `… and ${this.unshown} more problem${this.unshown > 1 ? 's' : ''} after these`));
    }
    throw new ConfigErrors(this.errors);
  }
}

export function parseConfig(text: string, opts: LoadOptions = {}): LoadedConfig {
  const file = opts.file ?? '<config>';
  const lines = new LineCounter();
  const bounded = parseBounded(text, lines);
  if (bounded.problem) {
    const p = bounded.problem.offset > 0 ? lines.linePos(bounded.problem.offset) : { line: 1, col: 1 };
    throw new ConfigErrors([new ConfigError(file, p.line, p.col, bounded.problem.message)]);
  }
  const doc = bounded.doc;
  const pos = new PositionIndex(doc, lines);
  const problems = new Problems(file, pos);

  for (const e of doc.errors) {
    const p = pos.at(yamlErrorOffset(text, e.pos[0], e.message));
    problems.errorAt(p.line, p.col, `YAML: ${e.message.split('\n')[0]}`);
  }
  problems.throwIfAny();

  const data = toJS(doc, problems);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    problems.errorAt(1, 1, 'expected a mapping with at least a `providers` section');
    problems.throwIfAny();
  }
  const parsed = ConfigSchema.safeParse(data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) reportIssue(issue, data, problems);
    problems.throwIfAny();
  }
  const raw = parsed.data!;
  return buildLoaded(raw, file, opts.env ?? processEnv, pos, problems);
}

/** The document as data; the yaml package's own alias limit, if it still trips, is reported like any problem. */
function toJS(doc: Document, problems: Problems): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    problems.error([], `YAML: ${(err as Error).message}`);
    problems.throwIfAny();
  }
}

function valueAt(data: unknown, path: YamlPath): unknown {
  let cur = data;
  for (const k of path) cur = (cur as Record<string | number, unknown> | undefined)?.[k];
  return cur;
}

function reportIssue(issue: z.core.$ZodIssue, data: unknown, problems: Problems, prefix: YamlPath = []) {
  const path = [...prefix, ...(issue.path as (string | number)[])];
  switch (issue.code) {
    case 'unrecognized_keys':
      for (const key of issue.keys) {
        const where = path.length ? ` in ${pathText(path)}` : '';
        problems.error([...path, key], `unknown key "${key}"${where}${didYouMean(key, allowedKeysAt(path))}`, key);
      }
      return;
    case 'invalid_value': {
      const actual = valueAt(data, path);
      const options = issue.values.map(String);
      problems.error(path, `${pathText(path)}: "${String(actual)}" is not one of ${options.join(', ')}${didYouMean(String(actual), options)}`);
      return;
    }
    case 'invalid_union': {
      // For "one or a list of" fields, report the branch that got furthest (a bad enum value, usually).
      const inner = issue.errors.flat().find((i) => i.code === 'invalid_value' || i.code === 'unrecognized_keys');
      if (inner && !issue.message.includes('expected a list')) return reportIssue(inner, data, problems, path);
      problems.error(path, `${pathText(path)}: ${issue.message}`);
      return;
    }
    default:
      problems.error(path, `${pathText(path) || 'config'}: ${issue.message}`);
  }
}

function buildLoaded(raw: RawConfig, file: string, env: EnvLookup, pos: PositionIndex, problems: Problems): LoadedConfig {
  const providers = buildProviders(raw, env, pos, problems);
  const names = [...providers.keys()];

  const target = (text: string, path: YamlPath): Target | undefined => {
    const t = parseTarget(text);
    if ('error' in t) return void problems.error(path, t.error);
    if (!providers.has(t.provider)) {
      return void problems.error(path, `unknown provider "${t.provider}" in target "${text}"${didYouMean(t.provider, names)}`);
    }
    return t;
  };
  const targetList = (list: readonly string[] | undefined, path: YamlPath, what: string): Target[] => {
    const out: Target[] = [];
    const seen = new Map<string, number>();
    (list ?? []).forEach((text, i) => {
      const t = target(text, [...path, i]);
      if (!t) return;
      const key = what === 'fallback_chain' ? t.provider : formatTarget(t);
      const first = seen.get(key);
      if (first !== undefined) {
        const message =
          what === 'fallback_chain'
            ? `fallback cycle: "${t.provider}" is already in fallback_chain at line ${pos.lineOf([...path, first])}`
            : `duplicate target "${text}" in ${what} (already at line ${pos.lineOf([...path, first])})`;
        return void problems.error([...path, i], message);
      }
      seen.set(key, i);
      out.push(t);
    });
    return out;
  };

  const fallbackChain = targetList(raw.fallback_chain, ['fallback_chain'], 'fallback_chain');
  const sources: RuleSource[] = (raw.rules ?? []).map((r, i) => ({
    id: r.id ?? `rule-${i + 1}`,
    line: pos.lineOf(['rules', i]),
    reason: r.reason,
    when: r.when ?? {},
    use: targetList(r.use, ['rules', i, 'use'], `rules[${i}].use`),
    fallback: r.fallback ?? true,
    verify: r.verify ?? false,
    source: 'rules',
  }));
  const ids = new Map<string, number>();
  sources.forEach((s, i) => {
    if (ids.has(s.id)) problems.error(['rules', i, 'id'], `duplicate rule id "${s.id}" (first at line ${sources[ids.get(s.id)!].line})`);
    else ids.set(s.id, i);
    const w = s.when;
    if (w.min_tokens !== undefined && w.max_tokens !== undefined && w.min_tokens > w.max_tokens) {
      problems.error(['rules', i, 'when', 'min_tokens'], `min_tokens ${w.min_tokens} is above max_tokens ${w.max_tokens}: the rule can never match`);
    }
  });
  for (const s of seedRuleSources(raw, (p) => pos.lineOf(p), (list, p) => targetList(list, p, pathText(p)))) sources.push(s);
  targetList(raw.inline.use, ['inline', 'use'], 'inline.use');
  for (const name of Object.keys(raw.cost_limits.provider_limits ?? {})) {
    if (!providers.has(name)) {
      problems.error(['cost_limits', 'provider_limits', name], `provider_limits names unknown provider "${name}"${didYouMean(name, names)}`, name);
    }
  }
  // The implicit last rule, unless a catch-all exists: follow fallback_chain (or every local provider).
  const hasCatchAll = sources.some((s) => Object.values(s.when).every((v) => v === undefined));
  const all = [...providers.values()];
  const defaultUse = fallbackChain.length ? [] : (all.some((p) => p.local) ? all.filter((p) => p.local) : all).map((p) => ({ provider: p.name }));
  if (!hasCatchAll) sources.push({
    id: 'no-rule-matched',
    line: pos.lineOf(['fallback_chain']),
    reason: 'no rule matched: fallback_chain',
    when: {},
    use: defaultUse,
    fallback: true,
    verify: false,
    source: 'default',
  });
  problems.throwIfAny();

  return {
    file,
    raw,
    providers,
    rules: compileRules(sources, fallbackChain),
    fallbackChain,
    warnings: problems.warnings,
    modelRefs: collectModelRefs(raw, pos, providers),
    resolveModel: modelResolver(providers),
  };
}

export function loadConfigFile(path: string, opts: Omit<LoadOptions, 'file'> & { label?: string } = {}): LoadedConfig {
  const label = opts.label ?? path;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigErrors([new ConfigError(label, 1, 1, code === 'ENOENT' ? 'file not found' : `cannot read: ${code ?? String(err)}`)]);
  }
  return parseConfig(text, { ...opts, file: label });
}

/** The default config shipped beside the bundle (dist/ or src/core/config/). */
export function shippedConfigPath(): string {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'config', 'llm_routing.yaml');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new ConfigError('config/llm_routing.yaml', 1, 1, 'the shipped default config is missing from this installation');
}
