/* Telegram text with its entities (bold, links, …) as DOM nodes: text stays text. */

import { externalLink, h } from './dom.js';

/** A channel invite link, which the sandbox can "follow" as the person. */
export const INVITE_LINK = /^https:\/\/t\.me\/\+/;

const ENTITY_TAGS = {
  bold: 'strong',
  italic: 'em',
  underline: 'u',
  strikethrough: 's',
  code: 'code',
  pre: 'code',
  spoiler: 'span',
  blockquote: 'span',
  expandable_blockquote: 'span',
};

/** Entities use UTF-16 offsets, like JavaScript strings. Invite links found are added to `invites`. */
export function richText(text, entities = [], invites = []) {
  const span = h('span', { class: 'rich' });
  const cuts = new Set([0, text.length]);
  for (const e of entities) {
    cuts.add(e.offset);
    cuts.add(e.offset + e.length);
  }
  const points = [...cuts].filter((n) => n >= 0 && n <= text.length).sort((a, b) => a - b);
  for (let i = 0; i < points.length - 1; i += 1) {
    const [from, to] = [points[i], points[i + 1]];
    const piece = text.slice(from, to);
    let node = document.createTextNode(piece);
    for (const entity of entities) {
      if (entity.offset > from || entity.offset + entity.length < to) continue;
      node = wrapEntity(node, entity, piece, invites);
    }
    span.append(node);
  }
  return span;
}

function wrapEntity(node, entity, piece, invites) {
  if (entity.type === 'text_link' || entity.type === 'url') {
    const url = entity.type === 'url' ? piece : entity.url;
    if (INVITE_LINK.test(url) && !invites.includes(url)) invites.push(url);
    return externalLink(url, {}, node) ?? node;
  }
  const tag = ENTITY_TAGS[entity.type];
  return tag ? h(tag, { class: `ent-${entity.type}` }, node) : node;
}
