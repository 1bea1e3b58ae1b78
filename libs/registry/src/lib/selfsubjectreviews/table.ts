import type { KubeObject } from '@strata/apimachinery';
import { NAME_COLUMN } from '../table';
import type { TableDefinition } from '../table';

/** The default table (kube has no printer for reviews; they are never listed). */
export const selfSubjectReviewTable: TableDefinition = {
  columns: [NAME_COLUMN],
  cells(obj: KubeObject): unknown[] {
    return [obj.metadata?.name ?? ''];
  },
};
