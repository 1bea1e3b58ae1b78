import { fieldErrorMessage } from '@strata/apimachinery';
import type { KubeObject } from '@strata/apimachinery';
import { validateClusterRoleBinding } from '../clusterrolebindings/validation';
import { validateRoleBindingUpdate } from '../rolebindings/validation';
import { defaultBinding } from './binding-defaults';
import { isValidPathSegmentName, validatePolicyRule } from './rbac-validation';
import { subjectsStrings } from './rbac-tables';

describe('rbac validation', () => {
  it('accepts colons in names but not path separators', () => {
    expect(isValidPathSegmentName('system:admin')).toEqual([]);
    expect(isValidPathSegmentName('a/b%')).toEqual(["may not contain '/'", "may not contain '%'"]);
    expect(isValidPathSegmentName('..')).toEqual(["may not be '..'"]);
  });

  it('requires verbs, api groups and resources of resource rules', () => {
    expect(validatePolicyRule({}, true, 'rules[0]').map(fieldErrorMessage)).toEqual([
      'rules[0].verbs: Required value: verbs must contain at least one value',
      'rules[0].apiGroups: Required value: resource rules must supply at least one api group',
      'rules[0].resources: Required value: resource rules must supply at least one resource',
    ]);
  });

  it('rejects rules mixing resources and non-resource URLs', () => {
    const errs = validatePolicyRule({ verbs: ['get'], nonResourceURLs: ['/x'], resources: ['pods'] }, false, 'rules[1]');
    expect(errs.map(fieldErrorMessage)).toEqual(['rules[1].nonResourceURLs: Invalid value: ["/x"]: rules cannot apply to both regular resources and non-resource URLs']);
  });

  it('defaults roleRef and subject api groups like kube v1 defaulting', () => {
    const b: KubeObject = { metadata: {}, roleRef: { kind: 'Role', name: 'r' }, subjects: [{ kind: 'User', name: 'u' }, { kind: 'ServiceAccount', name: 's' }] };
    defaultBinding(b);
    expect(b['roleRef']).toEqual({ kind: 'Role', name: 'r', apiGroup: 'rbac.authorization.k8s.io' });
    expect(b['subjects']).toEqual([{ kind: 'User', name: 'u', apiGroup: 'rbac.authorization.k8s.io' }, { kind: 'ServiceAccount', name: 's' }]);
  });

  it('allows only ClusterRole in a ClusterRoleBinding and needs service account namespaces', () => {
    const crb: KubeObject = {
      metadata: { name: 'b' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'ServiceAccount', name: 'sa' }],
    };
    expect(validateClusterRoleBinding(crb).map(fieldErrorMessage)).toEqual(['subjects[0].namespace: Required value']);
  });

  it('refuses roleRef changes on update', () => {
    const ref = { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'a' };
    const old: KubeObject = { metadata: { name: 'b', namespace: 'n', uid: 'u' }, roleRef: ref };
    const next: KubeObject = { ...old, roleRef: { ...ref, name: 'b' } };
    expect(validateRoleBindingUpdate(next, old).map((e) => e.detail)).toEqual(['cannot change roleRef']);
    expect(validateRoleBindingUpdate({ ...old }, old)).toEqual([]);
  });

  it('prints subjects like rbac.SubjectsStrings', () => {
    const b: KubeObject = { metadata: {}, subjects: [{ kind: 'User', name: 'a' }, { kind: 'User', name: 'b' }, { kind: 'ServiceAccount', name: 's', namespace: 'n' }] };
    // kube formats a service account subject as "%s/%s" (namespace/name), not the namespace:name of --serviceaccount.
    expect(subjectsStrings(b)).toEqual(['a, b', '', 'n/s']);
  });
});
