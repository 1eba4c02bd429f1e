/* The status line in the top bar: the outcome of the last action, cleared after a while. */

import { $ } from './dom.js';

const CLEAR_AFTER_MS = 8000;
let clearTimer;

export function showStatus(message, kind = 'info') {
  const status = $('status');
  status.textContent = message;
  status.dataset.kind = kind;
  clearTimeout(clearTimer);
  clearTimer = setTimeout(() => {
    status.textContent = '';
  }, CLEAR_AFTER_MS);
}

export const errorText = (error) => (error instanceof Error ? error.message : String(error));

export function reportError(what, error) {
  showStatus(`${what}: ${errorText(error)}`, 'error');
}
