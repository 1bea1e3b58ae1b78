import type { KubeObject } from '@strata/apimachinery';
import { AGE_COLUMN, NAME_COLUMN, ageCell } from '../../table';
import type { TableDefinition } from '../../table';
import { workspaceSpec, workspaceStatus } from './workspace-types';

/** kcp's Workspace printer columns: NAME TYPE PHASE URL AGE. */
export const workspaceTable: TableDefinition = {
  columns: [
    NAME_COLUMN,
    { name: 'Type', type: 'string', format: '', description: 'Type of the workspace', priority: 0 },
    { name: 'Phase', type: 'string', format: '', description: 'The current phase (e.g. Scheduling, Initializing, Ready, Terminating)', priority: 0 },
    { name: 'URL', type: 'string', format: '', description: 'URL to access the workspace', priority: 0 },
    AGE_COLUMN,
  ],
  cells(obj: KubeObject, now: number): unknown[] {
    const spec = workspaceSpec(obj);
    return [obj.metadata?.name ?? '', spec.type?.name ?? '', workspaceStatus(obj).phase ?? '', spec.URL ?? '', ageCell(obj, now)];
  },
};
