import type { AnyMachineSnapshot } from 'xstate';
import { SnapshotRestoreError } from './errors.ts';
import type { StoredActor } from './store.ts';
import type { MachineDefinition, PersistedSnapshot } from './types.ts';

/**
 * Turns a stored snapshot back into a machine snapshot. An older machine version goes through
 * the machine's `migrate`; a snapshot that still does not fit throws SnapshotRestoreError.
 */
export function restoreSnapshot(
  definition: MachineDefinition,
  stored: StoredActor,
  actorId: string,
): AnyMachineSnapshot {
  let persisted: PersistedSnapshot | undefined = stored.snapshot;
  if (stored.machineVersion !== definition.version) {
    if (stored.machineVersion > definition.version) {
      throw new SnapshotRestoreError(actorId, `written by a newer machine version ${stored.machineVersion}`);
    }
    try {
      persisted = definition.migrate?.(stored.snapshot, stored.machineVersion);
    } catch (error) {
      throw new SnapshotRestoreError(
        actorId,
        `migration from version ${stored.machineVersion} failed: ${String(error)}`,
      );
    }
    if (!persisted)
      throw new SnapshotRestoreError(actorId, `version ${stored.machineVersion} is reset by policy`);
  }
  if (typeof persisted !== 'object' || persisted === null || !('value' in persisted)) {
    throw new SnapshotRestoreError(actorId, 'not a machine snapshot');
  }
  try {
    return definition.machine.resolveState({
      value: persisted.value as never,
      context: persisted.context as never,
      status: persisted.status as never,
      historyValue: persisted.historyValue as never,
    }) as AnyMachineSnapshot;
  } catch (error) {
    throw new SnapshotRestoreError(actorId, error instanceof Error ? error.message : String(error));
  }
}
