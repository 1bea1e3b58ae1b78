import { META, int32, kind, listKind, ref, str, struct } from './schema-builders';
import type { SchemaTable } from './schema-types';

const COORDINATION = (name: string): string => `io.k8s.api.coordination.v1.${name}`;
const gvk = (k: string) => ({ group: 'coordination.k8s.io', version: 'v1', kind: k });

/** Schemas of coordination.k8s.io/v1: leases. */
export const COORDINATION_V1_SCHEMAS: SchemaTable = {
  [COORDINATION('Lease')]: kind(gvk('Lease'), 'Lease defines a lease concept.', {
    spec: ref(
      COORDINATION('LeaseSpec'),
      'spec contains the specification of the Lease. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status',
      { default: {} },
    ),
  }),
  [COORDINATION('LeaseList')]: listKind(gvk('LeaseList'), COORDINATION('Lease'), 'LeaseList is a list of Lease objects.', 'items is a list of schema objects.'),
  [COORDINATION('LeaseSpec')]: struct('LeaseSpec is a specification of a Lease.', {
    acquireTime: ref(META('MicroTime'), 'acquireTime is a time when the current lease was acquired.'),
    holderIdentity: str('holderIdentity contains the identity of the holder of a current lease. If Coordinated Leader Election is used, the holder identity must be equal to the elected LeaseCandidate.metadata.name field.'),
    leaseDurationSeconds: int32(
      'leaseDurationSeconds is a duration that candidates for a lease need to wait to force acquire it. This is measured against the time of last observed renewTime.',
    ),
    leaseTransitions: int32('leaseTransitions is the number of transitions of a lease between holders.'),
    preferredHolder: str(
      'PreferredHolder signals to a lease holder that the lease has a more optimal holder and should be given up. This field can only be set if Strategy is also set.',
    ),
    renewTime: ref(META('MicroTime'), 'renewTime is a time when the current holder of a lease has last updated the lease.'),
    strategy: str(
      'Strategy indicates the strategy for picking the leader for coordinated leader election. If the field is not specified, there is no active coordination for this lease. (Alpha) Using this field requires the CoordinatedLeaderElection feature gate to be enabled.',
    ),
  }),
};
