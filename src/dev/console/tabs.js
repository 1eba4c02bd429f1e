/* Tabs: machines and inspector share the big area; the sandbox chat stays beside them. */

import { rescrollToActive } from './diagram.js';
import { $ } from './dom.js';

export function showTab(name) {
  for (const tab of document.querySelectorAll('[role="tab"]')) {
    const selected = tab.id === `tab-${name}`;
    tab.setAttribute('aria-selected', String(selected));
    document.getElementById(tab.getAttribute('aria-controls')).hidden = !selected;
  }
  // A diagram drawn while its tab was hidden had no size to scroll in.
  for (const container of document.querySelectorAll(`#${name}-panel .diagram`)) {
    rescrollToActive(container);
  }
}

export function setupTabs() {
  $('tab-machines').addEventListener('click', () => showTab('machines'));
  $('tab-inspector').addEventListener('click', () => showTab('inspector'));
}
