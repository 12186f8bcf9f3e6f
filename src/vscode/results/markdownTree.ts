// Markdown (a model's answer, while it streams) to a small tree of allowed elements that the result page builds
// with createElement and text nodes: no HTML string ever reaches the page, so nothing in an answer can run or
// load there. markdown-it parses (CommonMark + tables + strikethrough); raw HTML in the answer stays text.
// Plain module (no vscode): the unit tests render through it.
import type { MarkdownIt as Parser, Token } from 'markdown-it';

/** A text, or [tag, attributes, ...children]. */
export type MdNode = string | MdElement;
export type MdElement = [tag: string, attrs: Record<string, string> | null, ...children: MdNode[]];

/** What the page will build; anything else becomes its text. */
export const ALLOWED_TAGS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code', 'em', 'strong', 's', 'a', 'hr', 'br', 'table', 'thead', 'tbody', 'tr', 'th', 'td']);
const SAFE_LINK = /^(https?:|mailto:)/i;

let md: Parser | undefined;
/** Loaded on first use, off the activation path. */
const parser = () =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (md ??= (require('markdown-it') as typeof import('markdown-it').default)('default', { html: false, linkify: true, typographer: false }));

function attrsOf(t: Token): Record<string, string> | null {
  const out: Record<string, string> = {};
  const attr = (name: string) => {
    const v = t.attrGet(name);
    return v === null ? undefined : String(v);
  };
  const href = attr('href');
  if (t.tag === 'a' && href && SAFE_LINK.test(href)) out.href = href;
  const start = attr('start');
  if (t.tag === 'ol' && start && /^\d+$/.test(start)) out.start = start;
  const align = /text-align:\s*(left|center|right)/.exec(attr('style') ?? '')?.[1];
  if (align) out.class = `align-${align}`;
  return Object.keys(out).length ? out : null;
}

function inline(children: readonly Token[], into: MdElement) {
  const stack: MdElement[] = [into];
  for (const t of children) {
    const top = stack[stack.length - 1];
    if (t.nesting === 1) {
      const el: MdElement = [t.tag, attrsOf(t)];
      top.push(el);
      stack.push(el);
    } else if (t.nesting === -1) {
      if (stack.length > 1) stack.pop();
    } else if (t.type === 'code_inline') top.push(['code', null, t.content]);
    else if (t.type === 'softbreak') top.push('\n');
    else if (t.type === 'hardbreak') top.push(['br', null]);
    else if (t.type === 'image') top.push(t.content || String(t.attrGet('alt') ?? ''));
    else top.push(t.content);
  }
}

/** The answer as a list of block elements. Incomplete Markdown (mid-stream) renders as far as it goes. */
export function markdownTree(text: string): MdNode[] {
  const root: MdElement = ['div', null];
  const stack: MdElement[] = [root];
  for (const t of parser().parse(text, {})) {
    const top = stack[stack.length - 1];
    if (t.type === 'inline') inline(t.children ?? [], top);
    else if (t.hidden) continue; // the <p> of a tight list item
    else if (t.nesting === 1) {
      const el: MdElement = [t.tag, attrsOf(t)];
      top.push(el);
      stack.push(el);
    } else if (t.nesting === -1) {
      if (stack.length > 1) stack.pop();
    } else if (t.type === 'fence' || t.type === 'code_block') {
      const lang = /^[\w+#.-]+/.exec(t.info.trim())?.[0];
      top.push(['pre', null, ['code', lang ? { class: `language-${lang}` } : null, t.content]]);
    } else if (t.type === 'hr') top.push(['hr', null]);
    else if (t.content) top.push(['p', null, t.content]);
  }
  return root.slice(2) as MdNode[];
}
