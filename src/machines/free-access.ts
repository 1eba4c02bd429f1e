export { freeAccessDefinition, freeAccessMachine } from './free-access/machine.ts';
export * from './free-access/types.ts';
