import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition } from 'xstate';
import { arrowLabel, delayLabel, escapeLabel, eventLabel, guardLabel } from './statechart-labels.ts';
import { expandStatePaths } from './statechart-paths.ts';

/**
 * Any registered machine as a Mermaid `stateDiagram-v2`, read from the machine definition
 * itself (`machine.root` and its state nodes), so the drawing cannot drift from the code.
 *
 * - The machine is the outermost composite state: transitions declared on a parent apply to
 *   all of its children, so they leave the parent's box; the machine's own ones leave the
 *   outermost box.
 * - Branches of one event between the same two states share an arrow (see `arrowLabel`).
 *   Targetless transitions (actions only) are arrows from a state to itself.
 * - Delays read `after 5 min`, or `after <name>` for a delay computed by a named function.
 */

export interface MermaidOptions {
  /**
   * State node paths to highlight: 'admin.planWizard.name', 'active.reminding'. A string from
   * the runtime's flattened state value (parallel regions joined by ',', `p.(a.x,b.y)`) is
   * accepted too. Paths the machine does not have are left out.
   */
  active?: readonly string[];
}

export const ACTIVE_CLASS_DEF = 'classDef active fill:#f3d38b,stroke:#8a5a00,stroke-width:3px';

/**
 * Words Mermaid reads as syntax when they stand as a state id (any letter case), and `root`,
 * the id of its own outermost document. Names of Object.prototype are reserved too: Mermaid
 * keeps states in plain objects.
 */
const RESERVED_IDS = new Set([
  'root',
  'state',
  'note',
  'class',
  'classdef',
  'style',
  'click',
  'href',
  'scale',
  'default',
  'as',
  'acctitle',
  'accdescr',
]);

const isReserved = (id: string) => RESERVED_IDS.has(id.toLowerCase()) || id in Object.prototype;

/** Each state node's Mermaid id: its path joined by '__', letters, digits and '_' only, unique. */
function assignIds(machine: AnyStateMachine): Map<AnyStateNode, string> {
  const ids = new Map<AnyStateNode, string>();
  const taken = new Set<string>();
  const visit = (node: AnyStateNode) => {
    const path = node.path.length === 0 ? [machine.id] : node.path;
    let id = path.map((segment) => segment.replace(/[^A-Za-z0-9_]/g, '_')).join('__');
    if (!/^[A-Za-z]/.test(id)) id = `s_${id}`;
    if (isReserved(id)) id = `${id}_`;
    let unique = id;
    for (let n = 2; taken.has(unique); n++) unique = `${id}_${n}`;
    taken.add(unique);
    ids.set(node, unique);
    for (const child of children(node)) visit(child);
  };
  visit(machine.root);
  return ids;
}

const children = (node: AnyStateNode): AnyStateNode[] => Object.values(node.states);

function stateLabel(node: AnyStateNode, machine: AnyStateMachine): string {
  if (node.path.length === 0) return machine.id;
  if (node.type !== 'history') return node.key;
  return `${node.key} (${node.history === 'deep' ? 'deep history' : 'history'})`;
}

function drawStates(node: AnyStateNode, ctx: DrawContext, indent: string): void {
  const id = ctx.ids.get(node) as string;
  const label = stateLabel(node, ctx.machine);
  const declaration = label === id ? id : `state "${escapeLabel(label)}" as ${id}`;
  const kids = children(node);
  if (kids.length === 0) {
    ctx.lines.push(`${indent}${declaration}`);
    if (node.type === 'final') ctx.lines.push(`${indent}${id} --> [*]`);
    return;
  }
  if (declaration !== id) ctx.lines.push(`${indent}${declaration}`);
  ctx.lines.push(`${indent}state ${id} {`);
  const inner = `${indent}  `;
  if (node.type === 'parallel') {
    kids.forEach((kid, i) => {
      if (i > 0) ctx.lines.push(`${inner}--`);
      drawStates(kid, ctx, inner);
    });
  } else {
    const initial = node.initial?.target[0];
    if (initial) ctx.lines.push(`${inner}[*] --> ${ctx.ids.get(initial)}`);
    for (const kid of kids) drawStates(kid, ctx, inner);
  }
  ctx.lines.push(`${indent}}`);
  if (node.type === 'final') ctx.lines.push(`${indent}${id} --> [*]`);
}

interface DrawContext {
  machine: AnyStateMachine;
  ids: Map<AnyStateNode, string>;
  lines: string[];
}

interface Arrow {
  from: string;
  to: string;
  event: string;
  guards: (string | undefined)[];
}

/** The node's transitions, one list per event (and one for `always`), in the order they are tried. */
function transitionLists(node: AnyStateNode): AnyTransitionDefinition[][] {
  return [...node.transitions.values(), ...(node.always ? [node.always] : [])];
}

/** An unguarded branch after guarded ones of the same event is taken only when they all fail. */
function branchGuards(list: AnyTransitionDefinition[]): (string | undefined)[] {
  let guarded = false;
  return list.map((transition) => {
    const label = guardLabel(transition.guard);
    if (label === undefined) return guarded ? 'else' : undefined;
    guarded = true;
    return label;
  });
}

function eventOf(transition: AnyTransitionDefinition): string {
  if ('delay' in transition) return delayLabel(transition.delay);
  if (transition.eventType === '') return 'always';
  return eventLabel(transition.eventType);
}

/** Every transition of every state node, grouped into arrows, in definition order. */
function collectArrows(machine: AnyStateMachine, ids: Map<AnyStateNode, string>): Arrow[] {
  const arrows = new Map<string, Arrow>();
  const visit = (node: AnyStateNode) => {
    const from = ids.get(node) as string;
    for (const list of transitionLists(node)) {
      const guards = branchGuards(list);
      list.forEach((transition, i) => {
        const event = eventOf(transition);
        const targets = transition.target?.length ? transition.target : [node];
        for (const target of targets) {
          const to = ids.get(target) as string;
          const key = JSON.stringify([from, to, event]);
          const arrow = arrows.get(key) ?? { from, to, event, guards: [] };
          arrow.guards.push(guards[i]);
          arrows.set(key, arrow);
        }
      });
    }
    for (const child of children(node)) visit(child);
  };
  visit(machine.root);
  return [...arrows.values()];
}

/** The nodes to highlight: each active state and its ancestors, the machine itself excepted. */
function activeNodes(machine: AnyStateMachine, active: readonly string[]): Set<AnyStateNode> {
  const nodes = new Set<AnyStateNode>();
  for (const path of expandStatePaths(active)) {
    const trail: AnyStateNode[] = [];
    let node: AnyStateNode | undefined = machine.root;
    for (const key of path) {
      node = Object.hasOwn(node.states, key) ? node.states[key] : undefined;
      if (!node) break;
      trail.push(node);
    }
    if (node) for (const found of trail) nodes.add(found);
  }
  return nodes;
}

export function machineToMermaid(machine: AnyStateMachine, options: MermaidOptions = {}): string {
  const ids = assignIds(machine);
  const ctx: DrawContext = { machine, ids, lines: ['stateDiagram-v2'] };
  ctx.lines.push(`  [*] --> ${ids.get(machine.root)}`);
  drawStates(machine.root, ctx, '  ');
  // Arrows come after every state is declared: Mermaid puts a state in the block where it first sees it.
  for (const arrow of collectArrows(machine, ids)) {
    ctx.lines.push(`  ${arrow.from} --> ${arrow.to} : ${escapeLabel(arrowLabel(arrow.event, arrow.guards))}`);
  }
  const highlighted = activeNodes(machine, options.active ?? []);
  if (highlighted.size > 0) {
    ctx.lines.push(`  ${ACTIVE_CLASS_DEF}`);
    for (const node of highlighted) ctx.lines.push(`  class ${ids.get(node)} active`);
  }
  return `${ctx.lines.join('\n')}\n`;
}
