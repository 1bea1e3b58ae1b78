/**
 * The protobuf messages this server decodes, as field-number → JSON name/type tables copied from k8s.io/api's
 * generated.proto files (core/v1, rbac/v1, authentication/v1) and apimachinery's meta/v1. Decoding is driven by
 * these tables alone (protobuf-objects.ts); adding a kind is adding its messages here.
 */

/** How one field is decoded into JSON. */
export type ProtoFieldType =
  | 'string'
  | 'bool'
  | 'int'
  /** bytes, as base64 in JSON. */
  | 'bytes'
  /** meta/v1 Time {seconds = 1, nanos = 2}, as RFC 3339 in JSON. */
  | 'time'
  | { readonly message: string }
  /** map<string, string> (entry key = 1, value = 2). */
  | 'map<string,string>'
  /** map<string, bytes>, values as base64 in JSON. */
  | 'map<string,bytes>';

/** One field of a message. */
export interface ProtoField {
  readonly name: string;
  readonly type: ProtoFieldType;
  readonly repeated?: boolean;
}

/** A message: field number → field. Unlisted fields are skipped. */
export type ProtoMessage = Readonly<Record<number, ProtoField>>;

const metadata: ProtoField = { name: 'metadata', type: { message: 'ObjectMeta' } };
const strings = (name: string): ProtoField => ({ name, type: 'string', repeated: true });

/** Messages by name (the top-level ones named like their kind). */
export const PROTO_MESSAGES: Readonly<Record<string, ProtoMessage>> = {
  // k8s.io/apimachinery/pkg/apis/meta/v1: the ObjectMeta fields a client sends on writes.
  ObjectMeta: {
    1: { name: 'name', type: 'string' },
    2: { name: 'generateName', type: 'string' },
    3: { name: 'namespace', type: 'string' },
    5: { name: 'uid', type: 'string' },
    6: { name: 'resourceVersion', type: 'string' },
    7: { name: 'generation', type: 'int' },
    8: { name: 'creationTimestamp', type: 'time' },
    11: { name: 'labels', type: 'map<string,string>' },
    12: { name: 'annotations', type: 'map<string,string>' },
    14: strings('finalizers'),
  },
  LabelSelector: {
    1: { name: 'matchLabels', type: 'map<string,string>' },
    2: { name: 'matchExpressions', type: { message: 'LabelSelectorRequirement' }, repeated: true },
  },
  LabelSelectorRequirement: {
    1: { name: 'key', type: 'string' },
    2: { name: 'operator', type: 'string' },
    3: strings('values'),
  },
  // k8s.io/api/core/v1
  ConfigMap: {
    1: metadata,
    2: { name: 'data', type: 'map<string,string>' },
    3: { name: 'binaryData', type: 'map<string,bytes>' },
    4: { name: 'immutable', type: 'bool' },
  },
  Namespace: { 1: metadata, 2: { name: 'spec', type: { message: 'NamespaceSpec' } } },
  NamespaceSpec: { 1: strings('finalizers') },
  Secret: {
    1: metadata,
    2: { name: 'data', type: 'map<string,bytes>' },
    3: { name: 'type', type: 'string' },
    4: { name: 'stringData', type: 'map<string,string>' },
    5: { name: 'immutable', type: 'bool' },
  },
  ServiceAccount: {
    1: metadata,
    2: { name: 'secrets', type: { message: 'ObjectReference' }, repeated: true },
    3: { name: 'imagePullSecrets', type: { message: 'LocalObjectReference' }, repeated: true },
    4: { name: 'automountServiceAccountToken', type: 'bool' },
  },
  ObjectReference: {
    1: { name: 'kind', type: 'string' },
    2: { name: 'namespace', type: 'string' },
    3: { name: 'name', type: 'string' },
    4: { name: 'uid', type: 'string' },
    5: { name: 'apiVersion', type: 'string' },
    6: { name: 'resourceVersion', type: 'string' },
    7: { name: 'fieldPath', type: 'string' },
  },
  LocalObjectReference: { 1: { name: 'name', type: 'string' } },
  // k8s.io/api/rbac/v1
  Role: { 1: metadata, 2: { name: 'rules', type: { message: 'PolicyRule' }, repeated: true } },
  ClusterRole: {
    1: metadata,
    2: { name: 'rules', type: { message: 'PolicyRule' }, repeated: true },
    3: { name: 'aggregationRule', type: { message: 'AggregationRule' } },
  },
  PolicyRule: {
    1: strings('verbs'),
    2: strings('apiGroups'),
    3: strings('resources'),
    4: strings('resourceNames'),
    5: strings('nonResourceURLs'),
  },
  AggregationRule: { 1: { name: 'clusterRoleSelectors', type: { message: 'LabelSelector' }, repeated: true } },
  RoleBinding: {
    1: metadata,
    2: { name: 'subjects', type: { message: 'Subject' }, repeated: true },
    3: { name: 'roleRef', type: { message: 'RoleRef' } },
  },
  ClusterRoleBinding: {
    1: metadata,
    2: { name: 'subjects', type: { message: 'Subject' }, repeated: true },
    3: { name: 'roleRef', type: { message: 'RoleRef' } },
  },
  Subject: {
    1: { name: 'kind', type: 'string' },
    2: { name: 'apiGroup', type: 'string' },
    3: { name: 'name', type: 'string' },
    4: { name: 'namespace', type: 'string' },
  },
  RoleRef: {
    1: { name: 'apiGroup', type: 'string' },
    2: { name: 'kind', type: 'string' },
    3: { name: 'name', type: 'string' },
  },
  // k8s.io/api/authentication/v1: a review's request carries only metadata.
  SelfSubjectReview: { 1: metadata },
};

/** The kinds a protobuf body may carry (top-level messages). */
export const PROTO_KINDS: ReadonlySet<string> = new Set([
  'ConfigMap',
  'Namespace',
  'Secret',
  'ServiceAccount',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'SelfSubjectReview',
]);
