import type { ResourceInfo } from '@strata/registry';
import {
  STANDARD_VERBS,
  clusterRoleBindingResource,
  clusterRoleResource,
  configMapResource,
  eventResource,
  eventsV1Resource,
  leaseResource,
  namespaceResource,
  roleBindingResource,
  roleResource,
  secretResource,
  selfSubjectReviewResource,
  serviceAccountResource,
} from '@strata/registry';
import { buildOpenAPIDocuments, groupVersionPath, openAPIRoot } from './openapi-document';
import { PATCH_CONTENT_TYPES, groupVersionNames } from './openapi-paths';

interface Doc {
  openapi: string;
  paths: Record<string, Record<string, { operationId?: string; parameters?: { name: string; in: string }[]; requestBody?: { content: Record<string, unknown> }; 'x-kubernetes-group-version-kind'?: unknown }>>;
  components: { schemas: Record<string, { 'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[] }> };
}

const withPatch = (info: ResourceInfo): ResourceInfo => (info.verbs.includes('update') ? { ...info, verbs: [...info.verbs, 'patch'] } : info);
const SERVED: ResourceInfo[] = [
  namespaceResource,
  configMapResource,
  secretResource,
  serviceAccountResource,
  eventResource,
  eventsV1Resource,
  leaseResource,
  roleResource,
  roleBindingResource,
  clusterRoleResource,
  clusterRoleBindingResource,
  selfSubjectReviewResource,
].map((d) => withPatch(d.info));

const parse = (body: Buffer): Doc => JSON.parse(body.toString('utf8')) as Doc;
const docOf = (info: ResourceInfo): Doc => parse(buildOpenAPIDocuments(SERVED).get(groupVersionPath(info.group, info.version))!.body);

describe('OpenAPI v3 documents', () => {
  it('has one document per served group/version, listed by the root with its hash and the workspace prefix', () => {
    const docs = buildOpenAPIDocuments(SERVED);
    expect([...docs.keys()].sort()).toEqual([
      'api/v1',
      'apis/authentication.k8s.io/v1',
      'apis/coordination.k8s.io/v1',
      'apis/events.k8s.io/v1',
      'apis/rbac.authorization.k8s.io/v1',
    ]);
    const root = openAPIRoot(docs, '/clusters/root:org');
    expect(root.paths['apis/coordination.k8s.io/v1'].serverRelativeURL).toBe(
      `/clusters/root:org/openapi/v3/apis/coordination.k8s.io/v1?hash=${docs.get('apis/coordination.k8s.io/v1')!.hash}`,
    );
    expect(docs.get('api/v1')!.hash).toMatch(/^[0-9A-F]{128}$/);
  });

  it('is deterministic and changes its hash only when the served resources change', () => {
    const a = buildOpenAPIDocuments(SERVED);
    const b = buildOpenAPIDocuments(SERVED.map((i) => ({ ...i })));
    expect(b.get('api/v1')!.body.equals(a.get('api/v1')!.body)).toBe(true);
    const changed = buildOpenAPIDocuments(SERVED.map((i) => (i.kind === 'ConfigMap' ? { ...i, verbs: STANDARD_VERBS.filter((v) => v !== 'deletecollection') } : i)));
    expect(changed.get('api/v1')!.hash).not.toBe(a.get('api/v1')!.hash);
    expect(changed.get('apis/coordination.k8s.io/v1')!.hash).toBe(a.get('apis/coordination.k8s.io/v1')!.hash);
  });

  it.each(SERVED.map((i) => [`${i.group || 'core'}/${i.version} ${i.kind}`, i] as const))('%s: schemas and operations carry its GVK', (_, info) => {
    const doc = docOf(info);
    expect(doc.openapi).toBe('3.0.0');
    const gvk = { group: info.group, version: info.version, kind: info.kind };
    const kinds = Object.values(doc.components.schemas).flatMap((s) => s['x-kubernetes-group-version-kind'] ?? []);
    expect(kinds).toContainEqual(gvk);
    if (info.verbs.includes('list')) expect(kinds).toContainEqual({ ...gvk, kind: info.listKind });
    const ops = Object.values(doc.paths).flatMap((p) => Object.values(p).filter((o) => typeof o === 'object' && o !== null && 'operationId' in o));
    const mine = ops.filter((o) => JSON.stringify(o['x-kubernetes-group-version-kind']) === JSON.stringify(gvk));
    expect(mine.length).toBeGreaterThan(0);
    expect(ops.every((o) => o['x-kubernetes-group-version-kind'] !== undefined)).toBe(true);
  });

  it.each(SERVED.filter((i) => i.verbs.includes('patch')).map((i) => [i.kind, i] as const))(
    '%s: its PATCH operation declares fieldValidation and the four patch content types',
    (_, info) => {
      const doc = docOf(info);
      const scope = info.namespaced ? '/namespaces/{namespace}' : '';
      const prefix = info.group === '' ? '/api/v1' : `/apis/${info.group}/${info.version}`;
      const patch = doc.paths[`${prefix}${scope}/${info.plural}/{name}`]['patch'];
      expect(patch.parameters).toContainEqual(expect.objectContaining({ name: 'fieldValidation', in: 'query' }));
      expect(Object.keys(patch.requestBody!.content).sort()).toEqual([...PATCH_CONTENT_TYPES].sort());
      expect(patch.operationId).toBe(`patch${groupVersionNames(info.group, info.version).idInfix}${info.namespaced ? 'Namespaced' : ''}${info.kind}`);
    },
  );

  it('publishes only the operations of a resource\'s verbs', () => {
    const doc = docOf(SERVED.find((i) => i.kind === 'SelfSubjectReview')!);
    expect(Object.keys(doc.paths)).toEqual(['/apis/authentication.k8s.io/v1/selfsubjectreviews']);
    expect(Object.keys(doc.paths['/apis/authentication.k8s.io/v1/selfsubjectreviews']).sort()).toEqual(['parameters', 'post']);
    const noPatch: ResourceInfo = { ...configMapResource.info, verbs: ['get', 'list', 'update'] };
    const cm = parse(buildOpenAPIDocuments([noPatch]).get('api/v1')!.body);
    expect(cm.paths['/api/v1/namespaces/{namespace}/configmaps/{name}']['put']).toBeDefined();
    expect(cm.paths['/api/v1/namespaces/{namespace}/configmaps']['post']).toBeUndefined();
    expect(cm.paths['/api/v1/namespaces/{namespace}/configmaps/{name}']['patch']).toBeUndefined();
  });

  it('gives a kind without a hand-written schema an open schema so kubectl can still validate and explain it', () => {
    // Workspace has a hand-written schema now; an example group stands for any kind without one.
    const info: ResourceInfo = { ...configMapResource.info, group: 'example.strata.dev', version: 'v1alpha1', kind: 'Widget', listKind: 'WidgetList', plural: 'widgets', namespaced: false };
    const doc = parse(buildOpenAPIDocuments([info]).get('apis/example.strata.dev/v1alpha1')!.body);
    const schema = doc.components.schemas['dev.strata.example.v1alpha1.Widget'] as Record<string, unknown>;
    expect(schema['x-kubernetes-preserve-unknown-fields']).toBe(true);
    expect(schema['x-kubernetes-group-version-kind']).toEqual([{ group: 'example.strata.dev', version: 'v1alpha1', kind: 'Widget' }]);
    expect(doc.components.schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']).toBeDefined();
  });

  it('names operations and tags like kube', () => {
    expect(groupVersionNames('', 'v1')).toEqual({ idInfix: 'CoreV1', tag: 'core_v1' });
    expect(groupVersionNames('rbac.authorization.k8s.io', 'v1')).toEqual({ idInfix: 'RbacAuthorizationV1', tag: 'rbacAuthorization_v1' });
    const doc = docOf(configMapResource.info);
    expect(doc.paths['/api/v1/configmaps']['get'].operationId).toBe('listCoreV1ConfigMapForAllNamespaces');
    expect(doc.paths['/api/v1/namespaces/{namespace}/configmaps']['delete'].operationId).toBe('deleteCoreV1CollectionNamespacedConfigMap');
  });
});
