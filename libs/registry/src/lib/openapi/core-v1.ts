import { CONVENTIONS_URL, META, bool, int32, kind, listKind, mergeList, ref, refList, str, strEnum, stringList, stringMap, struct } from './schema-builders';
import type { SchemaTable } from './schema-types';

const CORE = (name: string): string => `io.k8s.api.core.v1.${name}`;
const gvk = (k: string) => ({ group: '', version: 'v1', kind: k });
const NAMESPACES_URL = 'https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/';

/** Schemas of core/v1 (io.k8s.api.core.v1): namespaces, configmaps, secrets, serviceaccounts, events. */
export const CORE_V1_SCHEMAS: SchemaTable = {
  [CORE('ConfigMap')]: kind(gvk('ConfigMap'), 'ConfigMap holds configuration data for pods to consume.', {
    binaryData: stringMap(
      "BinaryData contains the binary data. Each key must consist of alphanumeric characters, '-', '_' or '.'. BinaryData can contain byte sequences that are not in the UTF-8 range. The keys stored in BinaryData must not overlap with the ones in the Data field, this is enforced during validation process. Using this field will require 1.10+ apiserver and kubelet.",
      'byte',
    ),
    data: stringMap(
      "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process.",
    ),
    immutable: bool(
      'Immutable, if set to true, ensures that data stored in the ConfigMap cannot be updated (only object metadata can be modified). If not set to true, the field can be modified at any time. Defaulted to nil.',
    ),
  }),
  [CORE('ConfigMapList')]: listKind(gvk('ConfigMapList'), CORE('ConfigMap'), 'ConfigMapList is a resource containing a list of ConfigMap objects.', 'Items is the list of ConfigMaps.'),

  [CORE('Secret')]: kind(gvk('Secret'), 'Secret holds secret data of a certain type. The total bytes of the values in the Data field must be less than MaxSecretSize bytes.', {
    data: stringMap(
      "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4",
      'byte',
    ),
    immutable: bool(
      'Immutable, if set to true, ensures that data stored in the Secret cannot be updated (only object metadata can be modified). If not set to true, the field can be modified at any time. Defaulted to nil.',
    ),
    stringData: stringMap(
      'stringData allows specifying non-binary secret data in string form. It is provided as a write-only input field for convenience. All keys and values are merged into the data field on write, overwriting any existing values. The stringData field is never output when reading from the API.',
    ),
    type: str(
      'Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types',
    ),
  }),
  [CORE('SecretList')]: listKind(
    gvk('SecretList'),
    CORE('Secret'),
    'SecretList is a list of Secret.',
    'Items is a list of secret objects. More info: https://kubernetes.io/docs/concepts/configuration/secret',
  ),

  [CORE('ServiceAccount')]: kind(
    gvk('ServiceAccount'),
    'ServiceAccount binds together: * a name, understood by users, and perhaps by peripheral systems, for an identity * a principal that can be authenticated and authorized * a set of secrets',
    {
      automountServiceAccountToken: bool(
        'AutomountServiceAccountToken indicates whether pods running as this service account should have an API token automatically mounted. Can be overridden at the pod level.',
      ),
      imagePullSecrets: refList(
        CORE('LocalObjectReference'),
        'ImagePullSecrets is a list of references to secrets in the same namespace to use for pulling any images in pods that reference this ServiceAccount. ImagePullSecrets are distinct from Secrets because Secrets can be mounted in the pod, but ImagePullSecrets are only accessed by the kubelet. More info: https://kubernetes.io/docs/concepts/containers/images/#specifying-imagepullsecrets-on-a-pod',
        { 'x-kubernetes-list-type': 'atomic' },
      ),
      secrets: mergeList(
        CORE('ObjectReference'),
        'name',
        'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use. Pods are only limited to this list if this service account has a "kubernetes.io/enforce-mountable-secrets" annotation set to "true". The "kubernetes.io/enforce-mountable-secrets" annotation is deprecated since v1.32. Prefer separate namespaces to isolate access to mounted secrets. This field should not be used to find auto-generated service account token secrets for use outside of pods. Instead, tokens can be requested directly using the TokenRequest API, or service account token secrets can be manually created. More info: https://kubernetes.io/docs/concepts/configuration/secret',
      ),
    },
  ),
  [CORE('ServiceAccountList')]: listKind(
    gvk('ServiceAccountList'),
    CORE('ServiceAccount'),
    'ServiceAccountList is a list of ServiceAccount objects',
    'List of ServiceAccounts. More info: https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/',
  ),

  [CORE('Namespace')]: kind(gvk('Namespace'), 'Namespace provides a scope for Names. Use of multiple namespaces is optional.', {
    spec: ref(CORE('NamespaceSpec'), 'Spec defines the behavior of the Namespace. More info: ' + CONVENTIONS_URL + '#spec-and-status', { default: {} }),
    status: ref(CORE('NamespaceStatus'), 'Status describes the current status of a Namespace. More info: ' + CONVENTIONS_URL + '#spec-and-status', { default: {} }),
  }),
  [CORE('NamespaceList')]: listKind(gvk('NamespaceList'), CORE('Namespace'), 'NamespaceList is a list of Namespaces.', 'Items is the list of Namespace objects in the list. More info: ' + NAMESPACES_URL),
  [CORE('NamespaceSpec')]: struct('NamespaceSpec describes the attributes on a Namespace.', {
    finalizers: stringList(
      'Finalizers is an opaque list of values that must be empty to permanently remove object from storage. More info: https://kubernetes.io/docs/tasks/administer-cluster/namespaces/',
    ),
  }),
  [CORE('NamespaceStatus')]: struct('NamespaceStatus is information about the current status of a Namespace.', {
    conditions: mergeList(CORE('NamespaceCondition'), 'type', "Represents the latest available observations of a namespace's current state."),
    phase: strEnum(
      'Phase is the current lifecycle phase of the namespace. More info: https://kubernetes.io/docs/tasks/administer-cluster/namespaces/\n\nPossible enum values:\n - `"Active"` means the namespace is available for use in the system\n - `"Terminating"` means the namespace is undergoing graceful termination',
      ['Active', 'Terminating'],
    ),
  }),
  [CORE('NamespaceCondition')]: struct(
    'NamespaceCondition contains details about state of namespace.',
    {
      lastTransitionTime: ref(META('Time'), 'Last time the condition transitioned from one status to another.'),
      message: str('Human-readable message indicating details about last transition.'),
      reason: str("Unique, one-word, CamelCase reason for the condition's last transition."),
      status: str('Status of the condition, one of True, False, Unknown.', { default: '' }),
      type: str('Type of namespace controller condition.', { default: '' }),
    },
    { required: ['type', 'status'] },
  ),

  [CORE('Event')]: kind(
    gvk('Event'),
    'Event is a report of an event somewhere in the cluster.  Events have a limited retention time and triggers and messages may evolve with time.  Event consumers should not rely on the timing of an event with a given Reason reflecting a consistent underlying trigger, or the continued existence of events with that Reason.  Events should be treated as informative, best-effort, supplemental data.',
    {
      action: str('What action was taken/failed regarding to the Regarding object.'),
      count: int32('The number of times this event has occurred.'),
      eventTime: ref(META('MicroTime'), 'Time when this Event was first observed.'),
      firstTimestamp: ref(META('Time'), 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)'),
      involvedObject: ref(CORE('ObjectReference'), 'The object that this event is about.', { default: {} }),
      lastTimestamp: ref(META('Time'), 'The time at which the most recent occurrence of this event was recorded.'),
      message: str('A human-readable description of the status of this operation.'),
      reason: str("This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
      related: ref(CORE('ObjectReference'), 'Optional secondary object for more complex actions.'),
      reportingComponent: str('Name of the controller that emitted this Event, e.g. `kubernetes.io/kubelet`.', { default: '' }),
      reportingInstance: str('ID of the controller instance, e.g. `kubelet-xyzf`.', { default: '' }),
      series: ref(CORE('EventSeries'), "Data about the Event series this event represents or nil if it's a singleton Event."),
      source: ref(CORE('EventSource'), 'The component reporting this event. Should be a short machine understandable string.', { default: {} }),
      type: str('Type of this event (Normal, Warning), new types could be added in the future'),
    },
    ['metadata', 'involvedObject'],
  ),
  [CORE('EventList')]: listKind(gvk('EventList'), CORE('Event'), 'EventList is a list of events.', 'List of events'),
  [CORE('EventSeries')]: struct(
    'EventSeries contain information on series of events, i.e. thing that was/is happening continuously for some time.',
    {
      count: int32('Number of occurrences in this series up to the last heartbeat time'),
      lastObservedTime: ref(META('MicroTime'), 'Time of the last occurrence observed'),
    },
  ),
  [CORE('EventSource')]: struct('EventSource contains information for an event.', {
    component: str('Component from which the event is generated.'),
    host: str('Node name on which the event is generated.'),
  }),

  [CORE('ObjectReference')]: struct(
    'ObjectReference contains enough information to let you inspect or modify the referred object.',
    {
      apiVersion: str('API version of the referent.'),
      fieldPath: str(
        'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]. For example, if the object reference is to a container within a pod, this would take on a value like: "spec.containers{name}" (where "name" refers to the name of the container that triggered the event) or if no container name is specified "spec.containers[2]" (container with index 2 in this pod). This syntax is chosen only to have some well-defined way of referencing a part of an object.',
      ),
      kind: str('Kind of the referent. More info: ' + CONVENTIONS_URL + '#types-kinds'),
      name: str('Name of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names'),
      namespace: str('Namespace of the referent. More info: ' + NAMESPACES_URL),
      resourceVersion: str('Specific resourceVersion to which this reference is made, if any. More info: ' + CONVENTIONS_URL + '#concurrency-control-and-consistency'),
      uid: str('UID of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#uids'),
    },
    { 'x-kubernetes-map-type': 'atomic' },
  ),
  [CORE('LocalObjectReference')]: struct(
    'LocalObjectReference contains enough information to let you locate the referenced object inside the same namespace.',
    {
      name: str(
        'Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty. Instances of this type with an empty value here are almost certainly wrong. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names',
        { default: '' },
      ),
    },
    { 'x-kubernetes-map-type': 'atomic' },
  ),
};
