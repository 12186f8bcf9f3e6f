// Precision and recall of the secret scanner on the corpus in test/fixtures/secrets-corpus.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applySecretPolicy, scanSecrets, SECRET_KINDS, type ScanOptions } from '../../src/core/privacy';
import { loadCorpus, type Sample } from '../fixtures/secrets-corpus/corpus';
import { describeScore, precision as precisionOf, recall as recallOf, score as scoreSamples } from '../fixtures/secrets-corpus/score';

const corpus = loadCorpus();

const all: Sample[] = [...corpus.positives, ...corpus.negatives];
const score = (opts?: ScanOptions) => scoreSamples(all, opts);

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
    const precision = precisionOf(s);
    const recall = recallOf(s);
    t.diagnostic(describeScore('corpus', all, s));
    // Each batch apart: batch 4 was written after the scanner learnt batch 3; batch 5 after it learnt batch 4
    // (measured untouched before the scanner learnt it: see its commit).
    for (const batch of ['holdout', 'holdout2', 'batch3', 'batch4', 'batch5']) {
      const samples = all.filter((x) => x.file.endsWith(`/${batch}.txt`));
      if (samples.length) t.diagnostic(describeScore(batch, samples, scoreSamples(samples)));
    }
    for (const [kind, k] of [...s.perKind].sort()) t.diagnostic(`  ${kind.padEnd(22)} recall ${(k.found / k.expected).toFixed(3)} (${k.found}/${k.expected})`);
    for (const m of s.misses) t.diagnostic(`  ${m}`);
    assert.ok(precision >= 0.95, `precision ${precision}\n${s.misses.join('\n')}`);
    assert.ok(recall >= 0.95, `recall ${recall}\n${s.misses.join('\n')}`);
    for (const [kind, k] of s.perKind) assert.ok(k.found / k.expected >= 0.9, `${kind}: ${k.found}/${k.expected}`);
  });

  it('the measure can fail: without the JWT detector, JWT recall is 0', () => {
    const s = score({ kinds: SECRET_KINDS.filter((k) => k !== 'jwt') });
    assert.equal(s.perKind.get('jwt')!.found, 0);
    assert.equal(s.fn - score().fn, s.perKind.get('jwt')!.expected, 'every JWT, and only those, missed');
    assert.ok(recallOf(s) < recallOf(score()));
  });

  it('never puts a secret in a preview, a reason, a message or a redacted text', () => {
    let checked = 0;
    for (const sample of corpus.positives) {
      const secrets = sample.expected.map((e) => sample.text.slice(e.start, e.end));
      const found = scanSecrets(sample.text);
      const isFound = (secret: string) => found.some((f) => sample.text.slice(f.start, f.end).includes(secret) || secret.includes(sample.text.slice(f.start, f.end)));
      for (const policy of ['route_local', 'redact', 'block'] as const) {
        const r = applySecretPolicy(sample.text, policy);
        const said = [r.message, ...r.reasons, ...r.findings.map((f) => f.preview), JSON.stringify(r.findings)].join('\n');
        for (const secret of secrets) {
          assert.ok(!said.includes(secret), `${sample.title}: ${policy} leaks the secret`);
          // No 8-character run of the secret either (previews show at most 4).
          for (let i = 0; i + 8 <= secret.length; i += 4) assert.ok(!said.includes(secret.slice(i, i + 8)) || /^[-A-Z ]+$/.test(secret.slice(i, i + 8)), `${sample.title}: ${policy} leaks part of it`);
          // (A secret the scanner misses is counted in recall above; redaction can only remove what it finds.)
          if (policy === 'redact' && isFound(secret)) assert.ok(!r.text.includes(secret), `${sample.title}: redacted text still holds it`);
          checked++;
        }
      }
    }
    assert.ok(checked > 300);
  });
});
