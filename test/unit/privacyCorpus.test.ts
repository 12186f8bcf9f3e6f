// Precision and recall of the secret scanner on the corpus in test/fixtures/secrets-corpus.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applySecretPolicy, scanSecrets, SECRET_KINDS, type ScanOptions, type SecretFinding } from '../../src/core/privacy';
import { loadCorpus, type Sample } from '../fixtures/secrets-corpus/corpus';

const corpus = loadCorpus();

interface Score {
  tp: number;
  fp: number;
  fn: number;
  perKind: Map<string, { expected: number; found: number }>;
  misses: string[];
}

/** Strict: a secret counts as found only by a finding of its kind that overlaps it. */
function score(opts?: ScanOptions): Score {
  const s: Score = { tp: 0, fp: 0, fn: 0, perKind: new Map(), misses: [] };
  const overlaps = (f: SecretFinding, e: { start: number; end: number }) => f.start < e.end && e.start < f.end;
  const all: Sample[] = [...corpus.positives, ...corpus.negatives];
  for (const sample of all) {
    const found = scanSecrets(sample.text, opts);
    for (const e of sample.expected) {
      const k = s.perKind.get(e.kind) ?? { expected: 0, found: 0 };
      s.perKind.set(e.kind, k);
      k.expected++;
      if (found.some((f) => f.kind === e.kind && overlaps(f, e))) {
        s.tp++;
        k.found++;
      } else {
        s.fn++;
        s.misses.push(`missed ${e.kind}: ${sample.file} "${sample.title}"`);
      }
    }
    for (const f of found) {
      if (sample.expected.some((e) => e.kind === f.kind && overlaps(f, e))) continue;
      s.fp++;
      s.misses.push(`false ${f.kind} at line ${f.line}: ${sample.file} "${sample.title}"`);
    }
  }
  return s;
}

describe('secret scanner on the corpus', () => {
  it('has enough samples of every kind', () => {
    assert.ok(corpus.positives.length >= 60, `${corpus.positives.length} positives`);
    assert.ok(corpus.negatives.length >= 80, `${corpus.negatives.length} negatives`);
    const kinds = new Set(corpus.positives.flatMap((p) => p.expected.map((e) => e.kind)));
    assert.deepEqual([...kinds].sort(), [...SECRET_KINDS].sort());
    for (const p of corpus.positives) for (const e of p.expected) assert.ok((SECRET_KINDS as readonly string[]).includes(e.kind), e.kind);
  });

  it('precision ≥ 0.95 and recall ≥ 0.95 overall; recall ≥ 0.9 for every kind', (t) => {
    const s = score();
    const precision = s.tp / (s.tp + s.fp);
    const recall = s.tp / (s.tp + s.fn);
    const secrets = s.tp + s.fn;
    t.diagnostic(
      `corpus: ${corpus.positives.length} positive samples (${secrets} secrets), ${corpus.negatives.length} negative samples; ` +
        `precision ${precision.toFixed(3)} (${s.fp} false), recall ${recall.toFixed(3)} (${s.fn} missed)`,
    );
    for (const [kind, k] of [...s.perKind].sort()) t.diagnostic(`  ${kind.padEnd(22)} recall ${(k.found / k.expected).toFixed(3)} (${k.found}/${k.expected})`);
    for (const m of s.misses) t.diagnostic(`  ${m}`);
    assert.ok(precision >= 0.95, `precision ${precision}\n${s.misses.join('\n')}`);
    assert.ok(recall >= 0.95, `recall ${recall}\n${s.misses.join('\n')}`);
    for (const [kind, k] of s.perKind) assert.ok(k.found / k.expected >= 0.9, `${kind}: ${k.found}/${k.expected}`);
  });

  it('the measure can fail: without the JWT detector, JWT recall is 0', () => {
    const s = score({ kinds: SECRET_KINDS.filter((k) => k !== 'jwt') });
    assert.equal(s.perKind.get('jwt')!.found, 0);
    assert.ok(s.tp / (s.tp + s.fn) < 0.95);
  });

  it('never puts a secret in a preview, a reason, a message or a redacted text', () => {
    let checked = 0;
    for (const sample of corpus.positives) {
      const secrets = sample.expected.map((e) => sample.text.slice(e.start, e.end));
      for (const policy of ['route_local', 'redact', 'block'] as const) {
        const r = applySecretPolicy(sample.text, policy);
        const said = [r.message, ...r.reasons, ...r.findings.map((f) => f.preview), JSON.stringify(r.findings)].join('\n');
        for (const secret of secrets) {
          assert.ok(!said.includes(secret), `${sample.title}: ${policy} leaks the secret`);
          // No 8-character run of the secret either (previews show at most 4).
          for (let i = 0; i + 8 <= secret.length; i += 4) assert.ok(!said.includes(secret.slice(i, i + 8)) || /^[-A-Z ]+$/.test(secret.slice(i, i + 8)), `${sample.title}: ${policy} leaks part of it`);
          if (policy === 'redact') assert.ok(!r.text.includes(secret), `${sample.title}: redacted text still holds it`);
          checked++;
        }
      }
    }
    assert.ok(checked > 300);
  });
});
