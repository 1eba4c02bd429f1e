export { subscriptionDefinition, subscriptionMachine } from './subscription/machine.ts';
export * from './subscription/types.ts';
