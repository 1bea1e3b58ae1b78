import type { KubeObject } from '@strata/apimachinery';
import { AGE_COLUMN, NAME_COLUMN, ageCell } from '../table';
import type { TableDefinition } from '../table';

/** kube's Lease printer: NAME HOLDER AGE. */
export const leaseTable: TableDefinition = {
  columns: [
    NAME_COLUMN,
    {
      name: 'Holder',
      type: 'string',
      format: '',
      description: 'holderIdentity contains the identity of the holder of a current lease. If Coordinated Leader Election is used, the holder identity must be equal to the elected LeaseCandidate.metadata.name field.',
      priority: 0,
    },
    AGE_COLUMN,
  ],
  cells(obj: KubeObject, now: number): unknown[] {
    const spec = obj['spec'] as { holderIdentity?: unknown } | undefined;
    const holder = typeof spec?.holderIdentity === 'string' ? spec.holderIdentity : '';
    return [obj.metadata?.name ?? '', holder, ageCell(obj, now)];
  },
};
