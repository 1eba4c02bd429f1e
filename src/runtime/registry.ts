import { UnknownMachineError } from './errors.ts';
import type { MachineDefinition } from './types.ts';

/** The machines an app runs, by name; actor ids are "<machine>:<key>". */
export class MachineRegistry {
  readonly #byName = new Map<string, MachineDefinition>();

  constructor(definitions: MachineDefinition[]) {
    for (const definition of definitions) {
      if (!/^[a-zA-Z][\w-]*$/.test(definition.name))
        throw new Error(`invalid machine name ${definition.name}`);
      if (this.#byName.has(definition.name)) throw new Error(`machine ${definition.name} registered twice`);
      this.#byName.set(definition.name, definition);
    }
  }

  /** The machine of an actor id and the key after the colon. */
  resolve(actorId: string): { definition: MachineDefinition; key: string } {
    const colon = actorId.indexOf(':');
    const definition = colon > 0 ? this.#byName.get(actorId.slice(0, colon)) : undefined;
    if (!definition || colon === actorId.length - 1) throw new UnknownMachineError(actorId);
    return { definition, key: actorId.slice(colon + 1) };
  }

  get(name: string): MachineDefinition | undefined {
    return this.#byName.get(name);
  }

  all(): MachineDefinition[] {
    return [...this.#byName.values()];
  }
}

export function actorId(machine: string, key: string | number): string {
  return `${machine}:${key}`;
}
