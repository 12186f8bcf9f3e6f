// What the chat shows about routing: the progress line, the footer under every answer, and the decision
// ("Why this model?", /route). Pure Markdown builders.
import type { Attempt } from '../router/types';
import type { ChainStep, Classification, Decision, Tier, Usage } from '../types';
import { TIERS } from '../types';
import { chargeText } from '../text';

export interface Target {
  provider: string;
  model: string;
  tier: Tier;
  local: boolean;
}

export interface FooterFacts {
  target?: Target;
  explanation: string;
  usage: Usage;
  costUsd: number;
  cached: boolean;
}

/** Separates the answer from its footer, so history can drop the footer. */
export const FOOTER_RULE = '\n\n---\n';
const FOOTER_HEAD = `${FOOTER_RULE}**Model** `;

export const money = (usd: number) => `$${usd.toFixed(4)}`;

/** "Routing to deepseek-coder:6.7b (simple code_generation, local)". */
export function progressLine(decision: Decision, head: Target | undefined): string {
  if (!head) return `No usable model for ${decision.complexity} ${decision.taskType}`;
  return `Routing to ${head.model} (${decision.complexity} ${decision.taskType}, ${head.local ? 'local' : `${head.provider}, ${head.tier.replace('_', ' ')}`})`;
}

export function footerMarkdown(f: FooterFacts): string {
  const u = f.usage;
  const parts = [
    `\`${f.target ? `${f.target.provider}:${f.target.model}` : '?'}\``,
    `**Why** ${escapeMd(f.explanation)}`,
    `**Tokens** ${u.inputTokens} in / ${u.outputTokens} out${u.cacheReadTokens ? ` (${u.cacheReadTokens} cache read)` : ''}${u.estimated ? ' (estimated)' : ''}`,
    `**Cost** ${chargeText(f.costUsd)}`,
  ];
  if (f.cached) parts.push('**cached**');
  if (f.target?.local) parts.push('**stayed local**');
  return `${FOOTER_HEAD}${parts.join(' · ')}\n`;
}

/** The answer without its footer (for the history sent with the next turn). */
export function stripFooter(markdown: string): string {
  const at = markdown.lastIndexOf(FOOTER_HEAD);
  return (at < 0 ? markdown : markdown.slice(0, at)).trim();
}

const escapeMd = (s: string) => s.replace(/([*_`|<>[\]])/g, '\\$1');

function stepRow(s: ChainStep, i: number, tried: readonly Attempt[]): string {
  const outcomes = tried.filter((a) => a.provider === s.provider && a.model === s.model).map((a) => a.outcome);
  const what = s.skipped ? `skipped: ${s.skipped}` : outcomes.length ? outcomes.join('; ') : 'not tried';
  return `| ${s.skipped ? '–' : i + 1} | \`${s.provider}:${s.model}\` | ${escapeMd(s.reason)} | ${escapeMd(what)} |`;
}

export function decisionMarkdown(d: Decision, o: { classification?: Classification; attempts?: readonly Attempt[]; ruleFile?: string; noModel?: boolean } = {}): string {
  const c = o.classification;
  const lines = [
    `**${escapeMd(d.explanation)}**`,
    '',
    c
      ? `- Classified as **${c.complexity} ${c.taskType}** (confidence ${c.confidence.toFixed(2)}): ${escapeMd(c.reason)}`
      : `- Task: **${d.complexity} ${d.taskType}**`,
    `- Rule ${d.rule.index + 1} \`${d.rule.id}\`${d.rule.line ? `, line ${d.rule.line}${o.ruleFile ? ` of ${o.ruleFile}` : ''}` : ''}`,
    `- ${d.contextTokens} context tokens; estimated cost (worst case) ${money(d.estimatedCostUsd)}`,
    '',
    '| # | target | why | outcome |',
    '| - | - | - | - |',
    ...d.chain.map((s, i) => stepRow(s, i, o.attempts ?? [])),
  ];
  if (o.noModel) lines.push('', '_No model was called._');
  return lines.join('\n') + '\n';
}

/** The tier above `tier`, if any. */
export function nextTier(tier: Tier): Tier | undefined {
  return TIERS[TIERS.indexOf(tier) + 1];
}
