import { encodeContinue } from '@strata/apimachinery';
import { planList } from './list-options';

describe('planList', () => {
  it('reads the latest unless an exact revision is asked for', () => {
    expect(planList({})).toMatchObject({ withRev: 0, minRev: 0, serializable: false });
    expect(planList({ resourceVersion: '0' })).toMatchObject({ withRev: 0, serializable: true });
    expect(planList({ resourceVersion: '7' })).toMatchObject({ withRev: 0, minRev: 7 });
    expect(planList({ resourceVersion: '7', limit: 5 })).toMatchObject({ withRev: 7 });
    expect(planList({ resourceVersion: '7', resourceVersionMatch: 'Exact' })).toMatchObject({ withRev: 7 });
    expect(planList({ resourceVersion: '7', resourceVersionMatch: 'NotOlderThan', limit: 5 })).toMatchObject({ withRev: 0, minRev: 7 });
  });

  it('reads continuation pages at the token revision', () => {
    const token = encodeContinue(12, 'default/b\x00');
    expect(planList({ continueToken: token, limit: 2 })).toMatchObject({ withRev: 12, startRelative: 'default/b\x00', continuing: true });
    expect(planList({ continueToken: encodeContinue(-1, 'a\x00') }).withRev).toBe(0);
  });

  it('rejects what kube rejects, with kube\'s words', () => {
    expect(() => planList({ resourceVersionMatch: 'Exact' })).toThrow(
      'resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
    );
    expect(() => planList({ resourceVersion: '0', resourceVersionMatch: 'Exact' })).toThrow(
      'resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
    );
    expect(() => planList({ continueToken: encodeContinue(3, 'a\x00'), resourceVersion: '3' })).toThrow(
      'specifying resource version is not allowed when using continue',
    );
    expect(() => planList({ continueToken: '%%%' })).toThrow(/^invalid continue token: continue key is not valid/);
    expect(() => planList({ resourceVersion: 'abc' })).toThrow(/resourceVersion: Invalid value: "abc"/);
  });
});
