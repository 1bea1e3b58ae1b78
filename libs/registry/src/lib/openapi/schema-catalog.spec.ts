import { OPENAPI_SCHEMAS, resolveSchema, schemaByRef, schemaClosure, schemaFor, schemaNameFor } from './schema-catalog';

const SERVED_KINDS: [string, string, string][] = [
  ['', 'v1', 'Namespace'],
  ['', 'v1', 'ConfigMap'],
  ['', 'v1', 'Secret'],
  ['', 'v1', 'ServiceAccount'],
  ['', 'v1', 'Event'],
  ['events.k8s.io', 'v1', 'Event'],
  ['coordination.k8s.io', 'v1', 'Lease'],
  ['rbac.authorization.k8s.io', 'v1', 'Role'],
  ['rbac.authorization.k8s.io', 'v1', 'RoleBinding'],
  ['rbac.authorization.k8s.io', 'v1', 'ClusterRole'],
  ['rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding'],
  ['authentication.k8s.io', 'v1', 'SelfSubjectReview'],
];

describe('OpenAPI schema catalog', () => {
  it.each(SERVED_KINDS)('has a kube-named schema with its GVK for %s/%s %s', (group, version, kind) => {
    const schema = schemaFor(group, version, kind);
    expect(schema?.['x-kubernetes-group-version-kind']).toEqual([{ group, version, kind }]);
    expect(schema?.properties?.['metadata']?.allOf?.[0]?.$ref).toBe('#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
    const pkg = group === '' ? 'core' : group.split('.')[0];
    expect(schemaNameFor(group, version, kind)).toBe(`io.k8s.api.${pkg}.${version}.${kind}`);
  });

  it.each(SERVED_KINDS.filter(([, , k]) => k !== 'SelfSubjectReview'))('has the List kind of %s/%s %s', (group, version, kind) => {
    expect(schemaFor(group, version, `${kind}List`)?.required).toEqual(['items']);
  });

  it('returns undefined for a kind it does not know', () => {
    expect(schemaFor('', 'v1', 'Pod')).toBeUndefined();
    expect(schemaFor('apps', 'v1', 'ConfigMap')).toBeUndefined();
    expect(schemaByRef('#/components/schemas/toString')).toBeUndefined();
  });

  it('carries kube strategic-merge and apply annotations', () => {
    const meta = resolveSchema(schemaFor('', 'v1', 'ConfigMap')!.properties!['metadata']);
    const owners = meta.properties!['ownerReferences'];
    expect(owners['x-kubernetes-patch-merge-key']).toBe('uid');
    expect(owners['x-kubernetes-patch-strategy']).toBe('merge');
    expect(owners['x-kubernetes-list-type']).toBe('map');
    expect(owners['x-kubernetes-list-map-keys']).toEqual(['uid']);
    expect(meta.properties!['finalizers']['x-kubernetes-patch-strategy']).toBe('merge');
    expect(meta.properties!['finalizers']['x-kubernetes-list-type']).toBe('set');
    const sa = schemaFor('', 'v1', 'ServiceAccount')!;
    expect(sa.properties!['secrets']['x-kubernetes-patch-merge-key']).toBe('name');
    const nsStatus = resolveSchema(schemaFor('', 'v1', 'Namespace')!.properties!['status']);
    expect(nsStatus.properties!['conditions']['x-kubernetes-patch-merge-key']).toBe('type');
    expect(schemaFor('rbac.authorization.k8s.io', 'v1', 'Role')!.properties!['rules']['x-kubernetes-list-type']).toBe('atomic');
  });

  it('has no dangling $ref anywhere and every schema has a description', () => {
    expect(() => schemaClosure(Object.keys(OPENAPI_SCHEMAS))).not.toThrow();
    for (const [name, schema] of Object.entries(OPENAPI_SCHEMAS)) expect([name, typeof schema.description]).toEqual([name, 'string']);
  });

  it('closes over referenced schemas', () => {
    const names = schemaClosure(['io.k8s.api.rbac.v1.ClusterRole']);
    expect(names).toEqual(
      expect.arrayContaining([
        'io.k8s.api.rbac.v1.AggregationRule',
        'io.k8s.api.rbac.v1.PolicyRule',
        'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector',
        'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement',
        'io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry',
        'io.k8s.apimachinery.pkg.apis.meta.v1.Time',
      ]),
    );
    expect(names).not.toContain('io.k8s.api.core.v1.ConfigMap');
    expect(() => schemaClosure(['io.k8s.api.core.v1.Pod'])).toThrow('io.k8s.api.core.v1.Pod');
  });
});
