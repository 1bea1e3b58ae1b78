import { waitFor } from '@strata/testing';
import { useDevApiServer } from '../../../testing/dev-api-server';
import { GarbageCollectorController } from './garbage-collector-controller';

interface Meta {
  name: string;
  uid: string;
  resourceVersion?: string;
  deletionTimestamp?: string;
  finalizers?: string[];
  ownerReferences?: { uid: string; name: string }[];
}

describe('garbage collector (integration, real apiserver app + etcd)', () => {
  const dev = useDevApiServer('strata-gc-');
  let controller: GarbageCollectorController | undefined;

  beforeAll(async () => {
    controller = new GarbageCollectorController({ connection: { server: dev.url }, waitingRequeueMs: 200 });
    controller.start();
    await waitFor(async () => controller?.hasSynced() === true, 15_000, 'garbage collector synced');
  }, 30_000);

  afterAll(async () => {
    await controller?.stop();
  });

  const request = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown) => dev.apiServer.request({ method, path, body });
  // Root unless a test sets it: the collector watches every workspace.
  let workspace = '';
  const cmPath = (name: string) => `${workspace}/api/v1/namespaces/default/configmaps/${name}`;
  const meta = async (name: string): Promise<Meta | undefined> => {
    const res = await request('GET', cmPath(name));
    return res.status === 200 ? (res.body as { metadata: Meta }).metadata : undefined;
  };
  const gone = (name: string) => waitFor(async () => (await request('GET', cmPath(name))).status === 404, 15_000, `${name} deleted`);

  /** An owner configmap and `n` dependents referencing it (plus one unrelated configmap). */
  async function family(prefix: string, n: number): Promise<Meta> {
    const created = await request('POST', `${workspace}/api/v1/namespaces/default/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${prefix}-owner` } });
    expect(created.status).toBe(201);
    const owner = (created.body as { metadata: Meta }).metadata;
    // blockOwnerDeletion: a foreground deletion of the owner waits for them (as for a ReplicaSet's pods).
    const ownerReferences = [{ apiVersion: 'v1', kind: 'ConfigMap', name: owner.name, uid: owner.uid, blockOwnerDeletion: true }];
    for (let i = 0; i < n; i++) {
      const dep = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${prefix}-dep-${i}`, ownerReferences } };
      expect((await request('POST', `${workspace}/api/v1/namespaces/default/configmaps`, dep)).status).toBe(201);
    }
    const bystander = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${prefix}-bystander` } };
    expect((await request('POST', `${workspace}/api/v1/namespaces/default/configmaps`, bystander)).status).toBe(201);
    return owner;
  }
  const deleteOwner = (prefix: string, propagationPolicy: string) =>
    request('DELETE', cmPath(`${prefix}-owner`), { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy });

  it('foreground: the dependents go first, then the owner', async () => {
    await family('fg', 3);
    // A held dependent keeps the owner until its finalizer is removed.
    const held = (await request('GET', cmPath('fg-dep-0'))).body as { metadata: Meta };
    expect((await request('PUT', cmPath('fg-dep-0'), { ...held, metadata: { ...held.metadata, finalizers: ['example.com/hold'] } })).status).toBe(200);

    const deleted = await deleteOwner('fg', 'Foreground');
    expect(deleted.status).toBe(200);
    expect((deleted.body as { metadata: Meta }).metadata.finalizers).toContain('foregroundDeletion');

    await gone('fg-dep-1');
    await gone('fg-dep-2');
    await waitFor(async () => (await meta('fg-dep-0'))?.deletionTimestamp !== undefined, 15_000, 'held dependent marked');
    // Several passes later the owner still waits for the held dependent.
    await new Promise((r) => setTimeout(r, 1000));
    expect((await meta('fg-owner'))?.finalizers).toEqual(['foregroundDeletion']);

    const stillHeld = (await request('GET', cmPath('fg-dep-0'))).body as { metadata: Meta };
    expect((await request('PUT', cmPath('fg-dep-0'), { ...stillHeld, metadata: { ...stillHeld.metadata, finalizers: [] } })).status).toBe(200);
    await gone('fg-owner');
    expect(await meta('fg-bystander')).toBeDefined();
  }, 60_000);

  it('orphan: the owner goes, the dependents stay without the reference', async () => {
    await family('or', 2);
    expect((await deleteOwner('or', 'Orphan')).status).toBe(200);
    await gone('or-owner');
    for (const name of ['or-dep-0', 'or-dep-1']) {
      const dep = await meta(name);
      expect(dep).toBeDefined();
      expect(dep?.deletionTimestamp).toBeUndefined();
      expect(dep?.ownerReferences ?? []).toEqual([]);
    }
  }, 60_000);

  it('background: the owner goes at once, its dependents after it', async () => {
    await family('bg', 2);
    const deleted = await deleteOwner('bg', 'Background');
    expect(deleted.status).toBe(200);
    expect(await meta('bg-owner')).toBeUndefined();
    await gone('bg-dep-0');
    await gone('bg-dep-1');
    expect(await meta('bg-bystander')).toBeDefined();
  }, 60_000);

  it('collects in a tenant workspace as in root, and never across workspaces', async () => {
    // The privileged identity addresses a logical cluster by id; the same names exist in root.
    const rootOwner = await family('tn', 1);
    workspace = '/clusters/tenant1';
    try {
      expect((await request('POST', `${workspace}/api/v1/namespaces`, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } })).status).toBe(201);
      const tenantOwner = await family('tn', 1);
      expect(tenantOwner.uid).not.toBe(rootOwner.uid);
      // A tenant reference to root's owner by uid resolves in the tenant workspace only, where no such owner exists.
      const spoof = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'tn-spoof', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'tn-owner', uid: rootOwner.uid }] } };
      expect((await request('POST', `${workspace}/api/v1/namespaces/default/configmaps`, spoof)).status).toBe(201);
      await gone('tn-spoof');
      expect(await meta('tn-dep-0')).toBeDefined();

      expect((await deleteOwner('tn', 'Background')).status).toBe(200);
      await gone('tn-dep-0');
      expect(await meta('tn-bystander')).toBeDefined();
    } finally {
      workspace = '';
    }
    // Root's family is untouched.
    expect(await meta('tn-owner')).toBeDefined();
    expect(await meta('tn-dep-0')).toBeDefined();
  }, 60_000);
});
