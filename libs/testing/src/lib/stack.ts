import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { freePort } from './free-port';
import { ensureStackCredentials, writeKubeconfig } from './stack-credentials';
import { ensureStackPki } from './stack-pki';
import { StackProcess } from './stack-process';
import { waitUntilReady } from './stack-readiness';

/** Options of {@link Stack.start}. */
export interface StackOptions {
  /** Everything the stack keeps lives here: pki/, etcd/, logs/, kubeconfig, admin.token, stack.json. */
  readonly dataDir: string;
  /** Use this external etcd instead of spawning one. */
  readonly etcdEndpoints?: readonly string[];
  /** The apiserver's HTTPS port; default: the one used last time in this data dir, else a free port. */
  readonly apiserverPort?: number;
  /** Repository root holding dist/apps/<app>/main.js; default: found from this file's location, else the cwd. */
  readonly rootDir?: string;
  /** Log level of the services; default "info". */
  readonly logLevel?: string;
  /** Also called with every chunk of every service's output (it always goes to <dataDir>/logs/<service>.log). */
  readonly onOutput?: (service: string, chunk: Buffer) => void;
  /** How long each service may take to become ready; default 60 s. */
  readonly readyTimeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** Ports a stack uses, kept in <dataDir>/stack.json so a restarted stack comes back on the same ones. */
interface StackPorts {
  apiserverPort: number;
  watchCachePort: number;
  watchCacheMetricsPort: number;
  controllerMetricsPort: number;
  etcdClientPort: number;
  etcdPeerPort: number;
}

/**
 * A whole Strata installation on this machine, as child processes: etcd (unless external), watch-cache, apiserver
 * and workspace-controller, with a generated CA, serving certificate, admin token and admin kubeconfig
 * (`<dataDir>/kubeconfig`, context `root`). Used by the `npm start` launcher and by the e2e tests alike.
 *
 * `start` resolves once every service reports ready; when one does not, it stops what it started and rejects with
 * the failing service's last output. `stop` stops everything in reverse order (SIGTERM, then SIGKILL) and is
 * idempotent. Data survives a stop: starting again on the same data dir reuses PKI, token, ports and etcd data.
 */
export class Stack {
  private readonly processes: StackProcess[] = [];
  private stopping: Promise<void> | undefined;
  private readonly killOnExit = () => {
    for (const p of this.processes) p.killNow();
  };

  private constructor(
    /** The data dir. */
    readonly dataDir: string,
    /** Path of the admin kubeconfig. */
    readonly kubeconfigPath: string,
    /** The ports in use. */
    readonly ports: Readonly<StackPorts>,
    /** The admin bearer token. */
    readonly adminToken: string,
    /** The CA certificate (PEM) the apiserver's certificate chains to. */
    readonly caPem: string,
    /** etcd client URLs the watch-cache uses. */
    readonly etcdEndpoints: readonly string[],
  ) {}

  /** The apiserver's base URL, https://127.0.0.1:<port>. */
  get server(): string {
    return `https://127.0.0.1:${this.ports.apiserverPort}`;
  }

  /** The watch-cache's gRPC address (host:port), for clients of the storage service. */
  get storageAddress(): string {
    return `127.0.0.1:${this.ports.watchCachePort}`;
  }

  /** Starts a stack; see the class comment. */
  static async start(opts: StackOptions): Promise<Stack> {
    const dataDir = resolve(opts.dataDir);
    const rootDir = opts.rootDir ?? findRepoRoot();
    const logDir = join(dataDir, 'logs');
    await mkdir(logDir, { recursive: true, mode: 0o700 });
    const ports = await loadPorts(dataDir, opts.apiserverPort);
    const [pki, credentials] = await Promise.all([ensureStackPki(join(dataDir, 'pki')), ensureStackCredentials(dataDir)]);
    const etcdEndpoints = opts.etcdEndpoints?.length ? [...opts.etcdEndpoints] : [`http://127.0.0.1:${ports.etcdClientPort}`];
    const stack = new Stack(dataDir, join(dataDir, 'kubeconfig'), ports, credentials.adminToken, pki.caPem, etcdEndpoints);
    process.once('exit', stack.killOnExit);

    const timeoutMs = opts.readyTimeoutMs ?? 60_000;
    const logLevel = opts.logLevel ?? 'info';
    const app = (name: string) => join(rootDir, 'dist/apps', name, 'main.js');
    const spawnService = async (name: string, command: string, args: string[]) => {
      const proc = await StackProcess.spawn({ name, command, args, logFile: join(logDir, `${name}.log`), onOutput: opts.onOutput, cwd: rootDir });
      stack.processes.push(proc);
      return proc;
    };
    try {
      for (const name of ['watch-cache', 'apiserver', 'workspace-controller']) {
        if (!existsSync(app(name))) throw new Error(`${app(name)} is missing: build first (npx nx run-many -t build)`);
      }
      if (!opts.etcdEndpoints?.length) {
        const client = etcdEndpoints[0] ?? '';
        const peer = `http://127.0.0.1:${ports.etcdPeerPort}`;
        const etcd = await spawnService('etcd', 'etcd', [
          '--name', 'strata',
          '--data-dir', join(dataDir, 'etcd'),
          '--listen-client-urls', client,
          '--advertise-client-urls', client,
          '--listen-peer-urls', peer,
          '--initial-advertise-peer-urls', peer,
          '--initial-cluster', `strata=${peer}`,
          '--logger', 'zap',
          '--log-level', 'warn',
        ]);
        await waitUntilReady('etcd', `${client}/health`, { proc: etcd, timeoutMs, signal: opts.signal });
      }

      const watchCache = await spawnService('watch-cache', process.execPath, [
        app('watch-cache'),
        '--etcd-endpoints', etcdEndpoints.join(','),
        '--listen-address', `127.0.0.1:${ports.watchCachePort}`,
        '--metrics-port', String(ports.watchCacheMetricsPort),
        '--log-level', logLevel,
      ]);
      await waitUntilReady('watch-cache', `http://127.0.0.1:${ports.watchCacheMetricsPort}/readyz`, { proc: watchCache, timeoutMs, signal: opts.signal });

      const apiserver = await spawnService('apiserver', process.execPath, [
        app('apiserver'),
        '--storage-addresses', `127.0.0.1:${ports.watchCachePort}`,
        '--secure-port', String(ports.apiserverPort),
        '--bind-address', '127.0.0.1',
        '--tls-cert-file', pki.servingCertFile,
        '--tls-private-key-file', pki.servingKeyFile,
        '--token-auth-file', credentials.tokenAuthFile,
        // The apiserver writes spec.URL at create; the controller writes it for Workspaces it assigns: one base.
        '--external-url', stack.server,
        '--log-level', logLevel,
      ]);
      await waitUntilReady('apiserver', `${stack.server}/readyz`, { proc: apiserver, caPem: pki.caPem, timeoutMs, signal: opts.signal });
      await writeKubeconfig(stack.kubeconfigPath, { server: stack.server, caPem: pki.caPem, token: credentials.adminToken });

      const controller = await spawnService('workspace-controller', process.execPath, [
        app('workspace-controller'),
        '--kubeconfig', stack.kubeconfigPath,
        '--storage-addresses', stack.storageAddress,
        '--metrics-port', String(ports.controllerMetricsPort),
        '--external-url', stack.server,
        '--log-level', logLevel,
      ]);
      await waitUntilReady('workspace-controller', `http://127.0.0.1:${ports.controllerMetricsPort}/readyz`, {
        proc: controller,
        timeoutMs,
        signal: opts.signal,
      });
    } catch (err) {
      await stack.stop();
      throw err;
    }
    return stack;
  }

  /** The running services by name (for tests that kill one). */
  service(name: 'etcd' | 'watch-cache' | 'apiserver' | 'workspace-controller'): StackProcess | undefined {
    return this.processes.find((p) => p.name === name);
  }

  /** Stops every service, the last started first. Idempotent; never rejects. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const proc of [...this.processes].reverse()) {
        await proc.stop().catch(() => undefined);
      }
      process.off('exit', this.killOnExit);
    })();
    return this.stopping;
  }
}

async function loadPorts(dataDir: string, apiserverPort: number | undefined): Promise<StackPorts> {
  const file = join(dataDir, 'stack.json');
  let saved: Partial<StackPorts> = {};
  if (existsSync(file)) saved = JSON.parse(await readFile(file, 'utf8')) as Partial<StackPorts>;
  const pick = async (v: unknown) => (typeof v === 'number' && v > 0 ? v : freePort());
  const ports: StackPorts = {
    apiserverPort: apiserverPort ?? (await pick(saved.apiserverPort)),
    watchCachePort: await pick(saved.watchCachePort),
    watchCacheMetricsPort: await pick(saved.watchCacheMetricsPort),
    controllerMetricsPort: await pick(saved.controllerMetricsPort),
    etcdClientPort: await pick(saved.etcdClientPort),
    etcdPeerPort: await pick(saved.etcdPeerPort),
  };
  await writeFile(file, JSON.stringify(ports, null, 2) + '\n');
  return ports;
}

function findRepoRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    if (dirname(dir) === dir) return process.cwd();
  }
}
