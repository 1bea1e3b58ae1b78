import { fieldErrorMessage } from '@strata/apimachinery';
import { leaseStrategy } from './strategy';
import { validateLease } from './validation';

describe('lease validation and strategy', () => {
  const lease = (spec: Record<string, unknown>) => ({ metadata: { name: 'l', namespace: 'default' }, spec });

  it('accepts a positive duration and rejects zero', () => {
    expect(validateLease(lease({ leaseDurationSeconds: 10 }))).toEqual([]);
    expect(validateLease(lease({ leaseDurationSeconds: 0 })).map(fieldErrorMessage)).toEqual(['spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0']);
  });

  it('drops the fields of the disabled CoordinatedLeaderElection gate', () => {
    const l = lease({ holderIdentity: 'me', strategy: 'OldestEmulationVersion', preferredHolder: 'x' });
    leaseStrategy.prepareForCreate(l);
    expect(l.spec).toEqual({ holderIdentity: 'me' });
  });
});
