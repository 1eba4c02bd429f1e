/*
 * Lucien's developer console: machine diagrams, the actor inspector and the sandbox chat.
 * Plain browser ES modules served by the app itself (no build step, no network beyond the app).
 * Everything taken from data is rendered as text; the one exception is the SVG that Mermaid
 * renders with securityLevel 'strict' (sanitised by Mermaid itself).
 * This module wires the page: tabs, the mode badge, the app clock, then each panel.
 */

import { devApi, getJson } from './api.js';
import { setupDiagrams } from './diagram.js';
import { $ } from './dom.js';
import { searchActors, setupInspector } from './inspector.js';
import { loadMachines } from './machines.js';
import { startSandbox } from './sandbox.js';
import { reportError } from './status.js';
import { setupTabs } from './tabs.js';
import { setAppNow, showAppClock } from './time.js';

async function main() {
  setupDiagrams();
  setupTabs();
  setupInspector();

  let mode;
  try {
    mode = await getJson(devApi('/mode'));
  } catch (error) {
    $('mode-badge').textContent = 'offline';
    reportError('Mode', error);
    return;
  }
  setAppNow(mode.now);
  setInterval(showAppClock, 1000);
  const badge = $('mode-badge');
  badge.textContent = mode.sandbox ? 'sandbox' : 'live Telegram';
  badge.dataset.mode = mode.sandbox ? 'sandbox' : 'live';
  document.body.dataset.sandbox = String(Boolean(mode.sandbox));
  await Promise.all([loadMachines(), searchActors('')]);
  if (mode.sandbox) await startSandbox();
  document.body.dataset.ready = 'true';
}

main();
