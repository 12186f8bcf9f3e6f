// A dashboard section: a card whose header button collapses it (remembered across hide/show).
import type { Actions, Shown } from '../model';
import { h, icon, type Child, type VNode } from '../vnode';

export const SECTIONS = {
  rules: { id: 'rules', title: 'Rules', icon: 'list-ordered' },
  decisions: { id: 'decisions', title: 'Decisions', icon: 'history' },
  spend: { id: 'spend', title: 'Spend', icon: 'graph' },
  providers: { id: 'providers', title: 'Providers', icon: 'server' },
  whatif: { id: 'whatif', title: 'What-if', icon: 'beaker' },
} as const;

export type SectionId = keyof typeof SECTIONS;

export function card(v: Shown, act: Actions, id: SectionId, headerExtras: Child, body: Child): VNode {
  const def = SECTIONS[id];
  const collapsed = v.ui.collapsed[id] === true;
  const bodyId = `body-${id}`;
  return h(
    `section.card.card-${id}`,
    { id, 'aria-labelledby': `title-${id}` },
    h(
      'header.card-head',
      {},
      h(
        'button.toggle',
        {
          type: 'button',
          id: `title-${id}`,
          'aria-expanded': String(!collapsed),
          'aria-controls': bodyId,
          dataset: { key: `toggle-${id}` },
          onclick: () => {
            v.ui.collapsed[id] = !collapsed;
            act.persist();
            act.render();
          },
        },
        icon(collapsed ? 'chevron-right' : 'chevron-down'),
        icon(def.icon),
        h('h2', {}, def.title),
      ),
      h('div.card-tools', {}, headerExtras),
    ),
    h('div.card-body', { id: bodyId, hidden: collapsed }, body),
  );
}
