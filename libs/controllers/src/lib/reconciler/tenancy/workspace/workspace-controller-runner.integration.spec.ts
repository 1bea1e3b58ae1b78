import { waitFor } from '@strata/testing';
import { useDevApiServer } from '../../../../testing/dev-api-server';
import { startLeaderElectedWorkspaceController } from './workspace-controller-runner';
import type { RunningWorkspaceController } from './workspace-controller-runner';

/** A controller that records whether it runs. */
function probe() {
  const state = { running: false, starts: 0 };
  return {
    state,
    start() {
      state.running = true;
      state.starts += 1;
    },
    async stop() {
      state.running = false;
    },
  };
}

describe('leader-elected workspace controller runner (integration, real apiserver app + etcd)', () => {
  const dev = useDevApiServer('strata-ws-runner-');
  const replicas: RunningWorkspaceController[] = [];

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
  });

  it('runs the other controllers on the leading replica only, and hands them over when it stops', async () => {
    const start = (identity: string, also: ReturnType<typeof probe>) =>
      startLeaderElectedWorkspaceController({
        apiServer: dev.apiServer,
        connection: { server: dev.url },
        // Never dialled: no Workspace exists, so nothing is provisioned or purged.
        storageAddresses: ['127.0.0.1:1'],
        identity,
        alsoWhileLeading: [also],
      });
    const a = probe();
    const b = probe();
    replicas.push(start('replica-a', a));
    await waitFor(async () => replicas[0].isLeader(), 15_000, 'replica-a leads');
    replicas.push(start('replica-b', b));
    expect(a.state).toEqual({ running: true, starts: 1 });
    // replica-b keeps trying (every 2 s) and must not start while replica-a renews.
    await new Promise((r) => setTimeout(r, 4_500));
    expect(replicas[1].isLeader()).toBe(false);
    expect(b.state).toEqual({ running: false, starts: 0 });

    await replicas[0].stop();
    expect(a.state.running).toBe(false);
    await waitFor(async () => replicas[1].isLeader() && b.state.running, 20_000, 'replica-b took over');
    expect(b.state.starts).toBe(1);
  }, 60_000);
});
