// `llm-router scan-secrets FILE|-`: what the privacy gate would see in a file, never the secrets themselves.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { applySecretPolicy, createPrivacyGate, SECRET_POLICIES, type SecretPolicy } from '../../core/privacy';
import { oneOf, parse } from '../args';
import { json, table, UsageError, type CliIO } from '../io';
import { loadCliConfig } from '../loadConfig';

const USAGE = 'llm-router scan-secrets FILE|- [--policy route_local|redact|block] [--redacted] [--config FILE] [--json]\n  --redacted prints the text with every secret replaced, as privacy.secrets: redact would send it';

function readInput(file: string, io: CliIO): string {
  try {
    return readFileSync(file === '-' ? 0 : resolve(io.cwd, file), 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

export async function scanCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { policy: { type: 'string' }, redacted: { type: 'boolean' }, config: { type: 'string' }, json: { type: 'boolean' } },
    USAGE,
  );
  if (positionals.length !== 1) throw new UsageError(`usage: ${USAGE}`);
  const [file] = positionals;
  const cfg = loadCliConfig(values.config, io);
  const policy: SecretPolicy = oneOf(values.policy, SECRET_POLICIES, 'policy') ?? cfg.raw.privacy.secrets;
  const text = readInput(file, io);
  const path = file === '-' ? undefined : resolve(io.cwd, file);
  const pathMatch = path ? createPrivacyGate(cfg, { workspaceRoots: [io.cwd] }).matchPath(path) : undefined;
  const r = applySecretPolicy(text, values.redacted ? 'redact' : policy);

  if (values.redacted) {
    io.out(r.text);
    if (r.message) io.err(r.message + '\n');
    return 0;
  }
  if (values.json) {
    io.out(json({ file, bytes: Buffer.byteLength(text), policy, localOnlyPath: pathMatch ?? null, localOnly: r.localOnly || !!pathMatch, blocked: r.blocked ?? false, findings: r.findings, message: r.message }));
    return 0;
  }
  const label = file === '-' ? '<stdin>' : file;
  let out = r.findings.length ? table(r.findings.map((f) => [`${label}:${f.line}:${f.col}`, f.kind, f.preview])) : '';
  out += r.findings.length ? `${r.message}\n` : `${label}: no secrets found\n`;
  if (pathMatch) out += `${pathMatch.path} matches privacy.local_only_paths (${pathMatch.pattern}): requests with it stay local\n`;
  io.out(out);
  return 0;
}
