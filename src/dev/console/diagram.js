/*
 * Statecharts: Mermaid SVG in a scrollable box, fit-to-width or zoomed, dragged like a map, and
 * scrolled so that the highlighted state is in the middle. Mermaid renders with securityLevel
 * 'strict' and sanitises its SVG itself: the one markup the console inserts as HTML.
 */

import { h } from './dom.js';
import { errorText } from './status.js';

let diagramCounter = 0;
const zoomState = new Map();
// Statecharts are wide: actual size (scrolled to the current state) reads best; fit is the overview.
const actualSize = () => ({ fit: false, scale: 1 });

/** Mermaid's settings, and the zoom buttons of every `[data-zoom-for]` holder. */
export function setupDiagrams() {
  window.mermaid?.initialize({
    startOnLoad: false,
    securityLevel: 'strict',
    theme: 'neutral',
    state: { useMaxWidth: false },
  });
  for (const holder of document.querySelectorAll('[data-zoom-for]')) {
    addZoomControls(holder, document.getElementById(holder.dataset.zoomFor));
  }
}

function addZoomControls(holder, target) {
  const zoom = actualSize();
  zoomState.set(target, zoom);
  enablePanning(target);
  const label = h('span', { class: 'zoom-label' }, '100%');
  const fit = h(
    'button',
    {
      type: 'button',
      'aria-pressed': 'false',
      testid: `${target.id}-fit`,
      title: 'fit the width of the box',
    },
    'Fit width',
  );
  const update = () => {
    fit.setAttribute('aria-pressed', String(zoom.fit));
    label.textContent = zoom.fit ? 'fit' : `${Math.round(zoom.scale * 100)}%`;
    keepCentre(target, () => applyZoom(target));
  };
  const step = (factor) => () => {
    zoom.scale = Math.min(4, Math.max(0.2, (zoom.fit ? fittedScale(target) : zoom.scale) * factor));
    zoom.fit = false;
    update();
  };
  fit.addEventListener('click', () => {
    zoom.fit = !zoom.fit;
    if (!zoom.fit) zoom.scale = 1;
    update();
  });
  holder.append(
    fit,
    h('button', { type: 'button', title: 'zoom out', onclick: step(1 / 1.25) }, '−'),
    label,
    h('button', { type: 'button', title: 'zoom in', onclick: step(1.25) }, '+'),
  );
}

/** Dragging a diagram scrolls it, as in a map. */
function enablePanning(container) {
  let start = null;
  container.addEventListener('pointerdown', (event) => {
    if (event.button !== 0 || !container.querySelector('svg')) return;
    start = { x: event.clientX, y: event.clientY, left: container.scrollLeft, top: container.scrollTop };
    container.setPointerCapture(event.pointerId);
    container.classList.add('panning');
  });
  container.addEventListener('pointermove', (event) => {
    if (!start) return;
    container.scrollLeft = start.left - (event.clientX - start.x);
    container.scrollTop = start.top - (event.clientY - start.y);
  });
  const end = () => {
    start = null;
    container.classList.remove('panning');
  };
  container.addEventListener('pointerup', end);
  container.addEventListener('pointercancel', end);
}

function naturalSize(svg) {
  const box = svg.viewBox?.baseVal;
  if (box && box.width > 0) return { width: box.width, height: box.height };
  const rect = svg.getBoundingClientRect();
  return { width: rect.width || 800, height: rect.height || 600 };
}

function fittedScale(container) {
  const svg = container.querySelector('svg');
  if (!svg) return 1;
  return (container.clientWidth - 16) / naturalSize(svg).width;
}

/** Runs a size change and scrolls so that what was in the middle of the box stays there. */
function keepCentre(container, change) {
  const x = (container.scrollLeft + container.clientWidth / 2) / (container.scrollWidth || 1);
  const y = (container.scrollTop + container.clientHeight / 2) / (container.scrollHeight || 1);
  change();
  container.scrollLeft = x * container.scrollWidth - container.clientWidth / 2;
  container.scrollTop = y * container.scrollHeight - container.clientHeight / 2;
}

function applyZoom(container) {
  const svg = container.querySelector('svg');
  const zoom = zoomState.get(container) ?? actualSize();
  container.classList.toggle('fit', zoom.fit);
  if (!svg) return;
  const { width, height } = naturalSize(svg);
  svg.removeAttribute('height');
  svg.style.maxWidth = 'none';
  if (zoom.fit) {
    // A small machine is not blown up beyond half again its size.
    svg.setAttribute('width', '100%');
    svg.style.width = `min(100%, ${width * 1.5}px)`;
    svg.style.height = 'auto';
  } else {
    svg.setAttribute('width', String(width * zoom.scale));
    svg.style.width = `${width * zoom.scale}px`;
    svg.style.height = `${height * zoom.scale}px`;
  }
}

/** The diagram's nodes carrying Mermaid's `active` class (leaf states last). */
function activeNodes(container) {
  return [...container.querySelectorAll('svg g.active, svg .node.active')].filter(
    (node, index, all) => all.indexOf(node) === index,
  );
}

/** Brings the highlighted state into the middle of the diagram's scroll box (no state: top left). */
function scrollToActive(container) {
  const active = activeNodes(container).at(-1);
  if (!active) {
    container.scrollTop = 0;
    container.scrollLeft = 0;
    return;
  }
  const box = container.getBoundingClientRect();
  const node = active.getBoundingClientRect();
  container.scrollTop += node.top - box.top - box.height / 2 + node.height / 2;
  container.scrollLeft += node.left - box.left - box.width / 2 + node.width / 2;
}

/** Scrolls to the highlighted state again, if there is one: a diagram drawn hidden had no size. */
export function rescrollToActive(container) {
  if (activeNodes(container).length > 0) scrollToActive(container);
}

export async function renderDiagram(container, source) {
  if (!window.mermaid) {
    container.replaceChildren(
      h('p', { class: 'error' }, 'Mermaid did not load (/dev/assets/mermaid.min.js).'),
    );
    return;
  }
  diagramCounter += 1;
  const id = `mermaid-${diagramCounter}`;
  try {
    const { svg } = await window.mermaid.render(id, source);
    // Mermaid's own output, sanitised by it under securityLevel 'strict'.
    container.innerHTML = svg;
    container.dataset.rendered = String(diagramCounter);
    applyZoom(container);
    scrollToActive(container);
  } catch (error) {
    document.getElementById(`d${id}`)?.remove();
    container.replaceChildren(
      h('p', { class: 'error' }, `The diagram could not be drawn: ${errorText(error)}`),
      h('pre', { class: 'json' }, source),
    );
  }
}
