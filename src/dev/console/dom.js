/*
 * Small safe element builders. Everything taken from data goes in as text (textContent or text
 * nodes), never as HTML; links open only http(s) addresses.
 */

/** The page's element with this `data-testid`. */
export const $ = (testid) => document.querySelector(`[data-testid="${testid}"]`);

/** `h('div', { class: 'x', testid: 'y', data: { a: 1 } }, 'text', child)`: text stays text. */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'testid') node.dataset.testid = value;
    else if (key === 'data') Object.assign(node.dataset, value);
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  node.append(...children.filter((c) => c !== undefined && c !== null && c !== false));
  return node;
}

/** Among the elements matching `selector`, marks the one whose `data-<key>` is `value` as current. */
export function markCurrent(selector, key, value) {
  for (const item of document.querySelectorAll(selector)) {
    item.setAttribute('aria-current', String(item.dataset[key] === value));
  }
}

/** The address when it is http(s), else null. */
export function safeUrl(url) {
  try {
    const parsed = new URL(url);
    return ['http:', 'https:'].includes(parsed.protocol) ? parsed.href : null;
  } catch {
    return null;
  }
}

/** A link opened in a new tab without a referrer; null when the address is not http(s). */
export function externalLink(url, attrs, ...children) {
  const href = safeUrl(url);
  return href ? h('a', { ...attrs, href, target: '_blank', rel: 'noopener noreferrer' }, ...children) : null;
}
