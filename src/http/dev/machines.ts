import type { AnyStateMachine } from 'xstate';
import { machineToMermaid } from '../../dev/statechart.ts';
import type { MachineRegistry } from '../../runtime/registry.ts';
import { fail, text } from './responses.ts';

interface StateNodeLike {
  path: string[];
  states: Record<string, StateNodeLike>;
}

/** Every state node of a machine as a dotted path ('admin.planWizard.name'), parents first. */
export function statePaths(machine: AnyStateMachine): string[] {
  const paths: string[] = [];
  const walk = (node: StateNodeLike) => {
    for (const child of Object.values(node.states)) {
      paths.push(child.path.join('.'));
      walk(child);
    }
  };
  walk(machine.root as unknown as StateNodeLike);
  return paths;
}

/**
 * The leaf paths of a state value, for highlighting: `{ admin: { planWizard: 'name' } }` ->
 * `['admin.planWizard.name']`; a parallel state gives one path per region.
 */
export function activePaths(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix + value];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, sub]) => {
    const inner = activePaths(sub, `${prefix}${key}.`);
    return inner.length > 0 ? inner : [prefix + key];
  });
}

export function listMachines(
  registry: MachineRegistry,
): { name: string; version: number; states: string[] }[] {
  return registry.all().map((d) => ({ name: d.name, version: d.version, states: statePaths(d.machine) }));
}

const MAX_ACTIVE = 50;
const MAX_ACTIVE_CHARS = 4_000;

/**
 * GET /dev/api/machines/:name/diagram?active=a.b,c.d — Mermaid text. Paths the machine does not
 * have (an actor's snapshot older than the machine) are left out by the drawing, not refused.
 */
export function machineDiagram(
  registry: MachineRegistry,
  name: string,
  activeParam: string | null,
): Response {
  const definition = registry.get(name);
  if (!definition) return fail(404, 'unknown machine');
  const active = (activeParam ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if ((activeParam ?? '').length > MAX_ACTIVE_CHARS || active.length > MAX_ACTIVE) {
    return fail(400, 'too many active paths');
  }
  return text(200, machineToMermaid(definition.machine, { active }), 'text/plain; charset=utf-8');
}
