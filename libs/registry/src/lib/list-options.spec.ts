import { configMapResource } from './configmaps/configmap-resource';
import { leaseResource } from './leases/lease-resource';
import { validateListOptions } from './list-options';
import { roleResource } from './roles/role-resource';
import { secretResource } from './secrets/secret-resource';

describe('validateListOptions field selectors', () => {
  const messageFor = (resource: Parameters<typeof validateListOptions>[0], fieldSelector: string): string => {
    try {
      validateListOptions(resource, { fieldSelector });
    } catch (err) {
      const status = (err as { status?: { code?: number; reason?: string; message?: string } }).status ?? (err as { code?: number; reason?: string; message?: string });
      expect(status.code).toBe(400);
      expect(status.reason).toBe('BadRequest');
      return String(status.message);
    }
    throw new Error(`fieldSelector ${fieldSelector} was accepted`);
  };

  it('rejects an unknown field with the message kube-apiserver gives for that kind', () => {
    // core/v1 kinds with ObjectMeta-only conversions, kinds with their own conversion, and the scheme default.
    expect(messageFor(configMapResource, 'data.k=1')).toBe('field label "data.k" not supported for "ConfigMap"');
    expect(messageFor(secretResource, 'data.k=1')).toBe('field label not supported: data.k');
    expect(messageFor(roleResource, 'rules=x')).toBe('"rules" is not a known field selector: only "metadata.name", "metadata.namespace"');
    expect(messageFor(leaseResource, 'spec.holderIdentity=x')).toBe(
      '"spec.holderIdentity" is not a known field selector: only "metadata.name", "metadata.namespace"',
    );
  });

  it('accepts metadata.name and metadata.namespace everywhere', () => {
    for (const r of [configMapResource, secretResource, roleResource, leaseResource]) {
      expect(validateListOptions(r, { fieldSelector: 'metadata.name=a,metadata.namespace!=b' }).fieldSelector).toBe('metadata.name=a,metadata.namespace!=b');
    }
  });
});
