import type { KubeObject } from '@strata/apimachinery';
import { AGE_COLUMN, NAME_COLUMN, ageCell } from '../../table';
import type { TableDefinition } from '../../table';
import { logicalClusterStatus } from './logical-cluster-types';

/** kcp's LogicalCluster printer columns: NAME PHASE URL AGE. */
export const logicalClusterTable: TableDefinition = {
  columns: [
    NAME_COLUMN,
    { name: 'Phase', type: 'string', format: '', description: 'The current phase (e.g. Scheduling, Initializing, Ready)', priority: 0 },
    { name: 'URL', type: 'string', format: '', description: 'URL to access the logical cluster', priority: 0 },
    AGE_COLUMN,
  ],
  cells(obj: KubeObject, now: number): unknown[] {
    const status = logicalClusterStatus(obj);
    return [obj.metadata?.name ?? '', status.phase ?? '', status.URL ?? '', ageCell(obj, now)];
  },
};
