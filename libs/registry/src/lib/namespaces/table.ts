import type { KubeObject } from '@strata/apimachinery';
import { AGE_COLUMN, NAME_COLUMN, ageCell } from '../table';
import type { TableDefinition } from '../table';

/** kube's Namespace printer: NAME STATUS AGE. */
export const namespaceTable: TableDefinition = {
  columns: [
    NAME_COLUMN,
    {
      name: 'Status',
      type: 'string',
      format: '',
      description: 'The status of the namespace',
      priority: 0,
    },
    AGE_COLUMN,
  ],
  cells(obj: KubeObject, now: number): unknown[] {
    const status = obj['status'] as { phase?: string } | undefined;
    return [obj.metadata?.name ?? '', status?.phase ?? '', ageCell(obj, now)];
  },
};
