import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Registry } from 'prom-client';
import type { Logger } from '@strata/runtime';
import { RemoteStorage } from '@strata/storage';
import type { ApiServerClient } from '../../../client/api-server-client';
import type { ApiServerConnection } from '../../../client/kubeconfig';
import { createApiListWatcher } from '../../../informer/list-watcher';
import { LeaderElector } from '../../../leader-election/leader-elector';
import { createApiLeaseLock } from '../../../leader-election/lease-lock';
import { createWorkspaceApiDeps } from './workspace-api-deps';
import { WorkspaceController } from './workspace-controller';
import { createWorkspaceWriter } from './workspace-writer';
import type { Workspace } from './workspace-types';

/** Options of {@link startLeaderElectedWorkspaceController}. */
export interface WorkspaceControllerRunnerOptions {
  readonly apiServer: ApiServerClient;
  readonly connection: ApiServerConnection;
  /** host:port of the storage (watch-cache) replicas: tombstones and purges. */
  readonly storageAddresses: readonly string[];
  /** Base of spec.URL; default: the connection's server origin. */
  readonly externalUrl?: string;
  readonly registry?: Registry;
  readonly logger?: Logger;
  /** Default: hostname_<random>, unique per process. */
  readonly identity?: string;
  /**
   * Controllers that work only while this replica leads too, started with each term and stopped when it ends
   * (kube-controller-manager holds one lease for all its controllers): a second replica watches and writes nothing.
   */
  readonly alsoWhileLeading?: readonly { start(): void; stop(): Promise<void> }[];
}

/** A running, leader-elected workspace controller. */
export interface RunningWorkspaceController {
  isLeader(): boolean;
  /** Stops working, releases the lease and closes the storage client. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Campaigns for the `kube-system/workspace-controller` Lease in root and runs the {@link WorkspaceController} (and
 * `alsoWhileLeading`) while it leads; losing the lease aborts the work (the next term starts afresh). Throws only on bad options.
 */
export function startLeaderElectedWorkspaceController(opts: WorkspaceControllerRunnerOptions): RunningWorkspaceController {
  const storage = new RemoteStorage({ addresses: opts.storageAddresses, logger: opts.logger });
  const controller = new WorkspaceController({
    listWatcher: createApiListWatcher<Workspace>(opts.apiServer, opts.connection, '/clusters/*/apis/tenancy.strata.dev/v1alpha1/workspaces'),
    deps: createWorkspaceApiDeps({ apiServer: opts.apiServer, storage, externalUrl: opts.externalUrl ?? new URL(opts.connection.server).origin }),
    write: createWorkspaceWriter(opts.apiServer),
    // A pass mostly waits on the apiserver and the storage service (a deletion: list children, discovery, purge,
    // write), so more passes in flight than cores: 4 left a tree deletion waiting on round trips, not on CPU.
    workers: 16,
    registry: opts.registry,
    logger: opts.logger,
  });
  let term: Promise<void> | undefined;
  const elector = new LeaderElector({
    lock: createApiLeaseLock(opts.apiServer, { workspacePath: '/clusters/root', namespace: 'kube-system', name: 'workspace-controller' }),
    identity: opts.identity ?? `${hostname()}_${randomBytes(4).toString('hex')}`,
    logger: opts.logger,
    onStartedLeading: (signal) => {
      const previous = term;
      term = (async () => {
        await previous;
        const others = opts.alsoWhileLeading ?? [];
        for (const c of others) c.start();
        try {
          await controller.run(signal);
        } finally {
          await Promise.all(others.map((c) => c.stop()));
        }
      })();
    },
  });
  elector.start();
  let stopping: Promise<void> | undefined;
  return {
    isLeader: () => elector.isLeader(),
    stop() {
      stopping ??= (async () => {
        await elector.stop();
        await term;
        storage.close();
      })();
      return stopping;
    },
  };
}
