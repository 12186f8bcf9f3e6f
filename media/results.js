// The result page of LLM Router (Explain, Summarize, Ask, Show Routing Decision). It receives the answer as a
// tree of allowed elements and builds it with createElement and text nodes: no markup from strings, no eval,
// nothing remote. Messages in: {type: 'render', result}. Out: {type: 'ready'}.
(function () {
  'use strict';
  const vscode = acquireVsCodeApi();
  const TAGS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code', 'em', 'strong', 's', 'a', 'hr', 'br', 'table', 'thead', 'tbody', 'tr', 'th', 'td']);
  const LINK = /^(https?:|mailto:)/i;
  const CLASS = /^[\w+#.-]+$/;

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  /** One node of the tree: a string, or [tag, attrs, ...children]; unknown tags keep only their text. */
  function build(node) {
    if (typeof node === 'string') return document.createTextNode(node);
    if (!Array.isArray(node)) return document.createTextNode('');
    const [tag, attrs, ...children] = node;
    const parent = TAGS.has(tag) ? document.createElement(tag) : document.createDocumentFragment();
    if (attrs && parent.nodeType === 1) {
      if (tag === 'a' && typeof attrs.href === 'string' && LINK.test(attrs.href)) parent.setAttribute('href', attrs.href);
      if (tag === 'ol' && /^\d+$/.test(String(attrs.start))) parent.setAttribute('start', String(attrs.start));
      if (typeof attrs.class === 'string' && CLASS.test(attrs.class)) parent.className = attrs.class;
    }
    for (const c of children) parent.append(build(c));
    return parent;
  }

  function renderDecision(view) {
    const header = document.getElementById('decision');
    if (!view) return header.replaceChildren();
    const line = el('p', undefined, 'line');
    line.append(el('span', 'LLM Router', 'brand'), document.createTextNode(' ' + view.line));
    const details = el('details');
    const open = header.querySelector('details');
    if (open && open.open) details.open = true;
    details.append(el('summary', `Details: chain of ${view.chain.length}, classification, rule`));
    const facts = el('dl');
    for (const [k, v] of view.facts) facts.append(el('dt', k), el('dd', v));
    const chain = el('ol', undefined, 'chain');
    for (const s of view.chain) {
      const li = el('li', undefined, s.skipped ? 'skipped' : '');
      li.append(el('code', s.target), document.createTextNode(' — ' + s.note));
      chain.append(li);
    }
    details.append(facts, el('h4', 'Chain'), chain);
    header.replaceChildren(line, details);
  }

  function render(r) {
    document.title = r.title;
    renderDecision(r.decision);
    const answer = document.getElementById('answer');
    const atBottom = window.innerHeight + window.scrollY >= document.body.scrollHeight - 24;
    answer.replaceChildren(...(r.body.length ? r.body.map(build) : [el('p', r.state === 'waiting' ? 'Routing…' : '', 'muted')]));
    answer.setAttribute('aria-busy', String(r.state === 'waiting' || r.state === 'streaming'));
    document.body.dataset.state = r.state;
    const usage = document.getElementById('usage');
    usage.replaceChildren(...(r.footer ? [el('p', r.footer, r.state === 'stopped' ? 'stopped' : 'muted')] : []));
    if (atBottom && r.state === 'streaming') window.scrollTo(0, document.body.scrollHeight);
  }

  window.addEventListener('message', (event) => {
    const m = event.data;
    if (!m || m.type !== 'render' || !m.result || !Array.isArray(m.result.body)) return;
    vscode.setState(m.result);
    render(m.result);
  });
  const saved = vscode.getState();
  if (saved) render(saved);
  vscode.postMessage({ type: 'ready' });
})();
