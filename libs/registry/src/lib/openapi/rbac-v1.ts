import { META, kind, listKind, ref, refList, str, stringList, struct } from './schema-builders';
import type { SchemaTable } from './schema-types';

const RBAC = (name: string): string => `io.k8s.api.rbac.v1.${name}`;
const gvk = (k: string) => ({ group: 'rbac.authorization.k8s.io', version: 'v1', kind: k });

const rules = (owner: string) =>
  refList(RBAC('PolicyRule'), `Rules holds all the PolicyRules for this ${owner}`, { 'x-kubernetes-list-type': 'atomic' });
const subjects = refList(RBAC('Subject'), 'Subjects holds references to the objects the role applies to.', { 'x-kubernetes-list-type': 'atomic' });

/** Schemas of rbac.authorization.k8s.io/v1: roles, rolebindings, clusterroles, clusterrolebindings. */
export const RBAC_V1_SCHEMAS: SchemaTable = {
  [RBAC('Role')]: kind(gvk('Role'), 'Role is a namespaced, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding.', {
    rules: rules('Role'),
  }),
  [RBAC('RoleList')]: listKind(gvk('RoleList'), RBAC('Role'), 'RoleList is a collection of Roles', 'Items is a list of Roles'),
  [RBAC('ClusterRole')]: kind(gvk('ClusterRole'), 'ClusterRole is a cluster level, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding or ClusterRoleBinding.', {
    aggregationRule: ref(
      RBAC('AggregationRule'),
      'AggregationRule is an optional field that describes how to build the Rules for this ClusterRole. If AggregationRule is set, then the Rules are controller managed and direct changes to Rules will be stomped by the controller.',
    ),
    rules: rules('ClusterRole'),
  }),
  [RBAC('ClusterRoleList')]: listKind(gvk('ClusterRoleList'), RBAC('ClusterRole'), 'ClusterRoleList is a collection of ClusterRoles', 'Items is a list of ClusterRoles'),
  [RBAC('RoleBinding')]: kind(
    gvk('RoleBinding'),
    'RoleBinding references a role, but does not contain it.  It can reference a Role in the same namespace or a ClusterRole in the global namespace. It adds who information via Subjects and namespace information by which namespace it exists in.  RoleBindings in a given namespace only have effect in that namespace.',
    {
      roleRef: ref(
        RBAC('RoleRef'),
        'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error. This field is immutable.',
        { default: {} },
      ),
      subjects,
    },
    ['roleRef'],
  ),
  [RBAC('RoleBindingList')]: listKind(gvk('RoleBindingList'), RBAC('RoleBinding'), 'RoleBindingList is a collection of RoleBindings', 'Items is a list of RoleBindings'),
  [RBAC('ClusterRoleBinding')]: kind(
    gvk('ClusterRoleBinding'),
    'ClusterRoleBinding references a ClusterRole, but not contain it.  It can reference a ClusterRole in the global namespace, and adds who information via Subject.',
    {
      roleRef: ref(
        RBAC('RoleRef'),
        'RoleRef can only reference a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error. This field is immutable.',
        { default: {} },
      ),
      subjects,
    },
    ['roleRef'],
  ),
  [RBAC('ClusterRoleBindingList')]: listKind(
    gvk('ClusterRoleBindingList'),
    RBAC('ClusterRoleBinding'),
    'ClusterRoleBindingList is a collection of ClusterRoleBindings',
    'Items is a list of ClusterRoleBindings',
  ),
  [RBAC('PolicyRule')]: struct(
    'PolicyRule holds information that describes a policy rule, but does not contain information about who the rule applies to or which namespace the rule applies to.',
    {
      apiGroups: stringList(
        'APIGroups is the name of the APIGroup that contains the resources.  If multiple API groups are specified, any action requested against one of the enumerated resources in any API group will be allowed. "" represents the core API group and "*" represents all API groups.',
      ),
      nonResourceURLs: stringList(
        'NonResourceURLs is a set of partial urls that a user should have access to.  *s are allowed, but only as the full, final step in the path Since non-resource URLs are not namespaced, this field is only applicable for ClusterRoles referenced from a ClusterRoleBinding. Rules can either apply to API resources (such as "pods" or "secrets") or non-resource URL paths (such as "/api"),  but not both.',
      ),
      resourceNames: stringList('ResourceNames is an optional white list of names that the rule applies to.  An empty set means that everything is allowed.'),
      resources: stringList("Resources is a list of resources this rule applies to. '*' represents all resources."),
      verbs: stringList("Verbs is a list of Verbs that apply to ALL the ResourceKinds contained in this rule. '*' represents all verbs."),
    },
    { required: ['verbs'] },
  ),
  [RBAC('AggregationRule')]: struct('AggregationRule describes how to locate ClusterRoles to aggregate into the ClusterRole', {
    clusterRoleSelectors: refList(
      META('LabelSelector'),
      "ClusterRoleSelectors holds a list of selectors which will be used to find ClusterRoles and create the rules. If any of the selectors match, then the ClusterRole's permissions will be added",
      { 'x-kubernetes-list-type': 'atomic' },
    ),
  }),
  [RBAC('RoleRef')]: struct(
    'RoleRef contains information that points to the role being used',
    {
      apiGroup: str('APIGroup is the group for the resource being referenced', { default: '' }),
      kind: str('Kind is the type of resource being referenced', { default: '' }),
      name: str('Name is the name of resource being referenced', { default: '' }),
    },
    { required: ['apiGroup', 'kind', 'name'], 'x-kubernetes-map-type': 'atomic' },
  ),
  [RBAC('Subject')]: struct(
    'Subject contains a reference to the object or user identities a role binding applies to.  This can either hold a direct API object reference, or a value for non-objects such as user and group names.',
    {
      apiGroup: str(
        'APIGroup holds the API group of the referenced subject. Defaults to "" for ServiceAccount subjects. Defaults to "rbac.authorization.k8s.io" for User and Group subjects.',
      ),
      kind: str(
        'Kind of object being referenced. Values defined by this API group are "User", "Group", and "ServiceAccount". If the Authorizer does not recognized the kind value, the Authorizer should report an error.',
        { default: '' },
      ),
      name: str('Name of the object being referenced.', { default: '' }),
      namespace: str(
        'Namespace of the referenced object.  If the object kind is non-namespace, such as "User" or "Group", and this value is not empty the Authorizer should report an error.',
      ),
    },
    { required: ['kind', 'name'], 'x-kubernetes-map-type': 'atomic' },
  ),
};
