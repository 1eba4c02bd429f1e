import { MachineRegistry } from '../runtime/registry.ts';
import type { MachineDefinition } from '../runtime/types.ts';
import { conversationDefinition } from './conversation.ts';
import { freeAccessDefinition } from './free-access.ts';
import { interestDefinition } from './interest.ts';
import { postDefinition } from './post.ts';
import { subscriptionDefinition } from './subscription.ts';

/** Every machine the app runs. */
export const machineDefinitions: MachineDefinition[] = [
  conversationDefinition,
  subscriptionDefinition,
  freeAccessDefinition,
  postDefinition,
  interestDefinition,
];

export function createMachineRegistry(): MachineRegistry {
  return new MachineRegistry(machineDefinitions);
}
