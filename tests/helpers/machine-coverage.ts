/**
 * Coverage of a pure XState machine: which state nodes were entered and which defined
 * transitions were taken, by the steps of a test driver (see machine-driver.ts) and by paths
 * generated with @xstate/graph.
 */
import { type AnyStateNode, getStateNodes } from '@xstate/graph';
import * as assert from 'uvu/assert';
import { type AnyMachineSnapshot, type AnyStateMachine, type EventObject, getMicrosteps } from 'xstate';

export interface Coverage {
  reached: Set<string>;
  taken: Set<string>;
}

/** A generated path as @xstate/graph returns it: the first step's state is the start. */
interface GeneratedPath {
  steps: { state: unknown; event: EventObject }[];
}

const pathOf = (node: AnyStateNode) => node.path.join('.');
const transitionKey = (node: AnyStateNode, type: string, index: number) => `${node.id} ${type} #${index}`;

export function isIn(snapshot: AnyMachineSnapshot, node: AnyStateNode): boolean {
  return node.path.length === 0 || snapshot.matches(pathOf(node) as never);
}

export class MachineCoverage {
  /** The root and every state node below it. */
  readonly nodes: AnyStateNode[];
  /** Their ids. */
  readonly ids: string[];
  /** `<node id> <event type> #<index>` of every defined transition, eventless ones as `always`. */
  readonly transitions: string[];

  constructor(readonly machine: AnyStateMachine) {
    this.nodes = [machine.root, ...getStateNodes(machine.root)];
    this.ids = this.nodes.map((n) => n.id);
    this.transitions = this.nodes.flatMap((node) => [
      ...[...node.transitions.entries()].flatMap(([type, defs]) =>
        defs.map((_, i) => transitionKey(node, type, i)),
      ),
      ...(node.always ?? []).map((_, i) => transitionKey(node, 'always', i)),
    ]);
  }

  newCoverage(): Coverage {
    return { reached: new Set([this.machine.root.id]), taken: new Set() };
  }

  /** The nodes `snapshot` is in count as reached (an initial snapshot). */
  enter(snapshot: AnyMachineSnapshot, { reached }: Coverage): void {
    for (const node of this.nodes) if (isIn(snapshot, node)) reached.add(node.id);
  }

  /** What `event` does from `snapshot`: the transitions it takes and the nodes it enters. */
  record(snapshot: AnyMachineSnapshot, event: EventObject, coverage: Coverage): void {
    const { machine } = this;
    for (const def of machine.getTransitionData(snapshot as never, event as never)) {
      const index = def.source.transitions.get(def.eventType)?.indexOf(def) ?? -1;
      coverage.taken.add(transitionKey(def.source, def.eventType, index));
    }
    const micro = [snapshot, ...getMicrosteps(machine, snapshot as never, event as never).map(([s]) => s)];
    for (const s of micro) this.enter(s, coverage);
    // Eventless transitions: a node with `always` left between two microsteps, for the branch
    // whose target was entered (micro[0] -> micro[1] is the event's own transition).
    for (let i = 2; i < micro.length; i++) {
      const [before, after] = [micro[i - 1] as AnyMachineSnapshot, micro[i] as AnyMachineSnapshot];
      for (const node of this.nodes) {
        if (!node.always || !isIn(before, node) || isIn(after, node)) continue;
        const branch = node.always.findIndex((t) => (t.target ?? []).every((target) => isIn(after, target)));
        coverage.taken.add(transitionKey(node, 'always', branch));
      }
    }
  }

  /** Every step of every path, each (state, context, event) once. */
  recordPaths(paths: GeneratedPath[], coverage: Coverage): void {
    const replayed = new Set<string>();
    for (const path of paths) {
      let snapshot = path.steps[0]?.state as AnyMachineSnapshot;
      for (const step of path.steps.slice(1)) {
        const key = JSON.stringify([snapshot.value, snapshot.context, step.event]);
        if (!replayed.has(key)) {
          replayed.add(key);
          this.record(snapshot, step.event, coverage);
        }
        snapshot = step.state as AnyMachineSnapshot;
      }
    }
  }

  /**
   * The generated paths enter every state node, and together with the journeys they take every
   * defined transition; logs the counts.
   */
  assertCovered(byJourneys: Coverage, byPaths: Coverage, pathCount: number): void {
    const { ids, transitions } = this;
    assert.equal(
      ids.filter((id) => !byPaths.reached.has(id)),
      [],
      'state nodes the generated paths never enter',
    );
    assert.equal(
      ids.filter((id) => !byJourneys.reached.has(id) && !byPaths.reached.has(id)),
      [],
      'state nodes never entered',
    );
    assert.equal(
      transitions.filter((key) => !byJourneys.taken.has(key) && !byPaths.taken.has(key)),
      [],
      'transitions never taken',
    );
    console.log(
      `coverage: ${ids.length} state nodes, ${transitions.length} transitions; journeys took ` +
        `${byJourneys.taken.size}, ${pathCount} generated paths took ${byPaths.taken.size}`,
    );
  }
}
