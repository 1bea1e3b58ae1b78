import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { ApiServerClient } from '../lib/client/api-server-client';

// The controllers layer may not import the apiserver, so the real app (over a real etcd) runs as a child process:
// the endpoints' dev-server script, bundled with esbuild (dependencies stay in node_modules).
const ROOT = resolve(__dirname, '../../../..');

/** Builds and starts the endpoints' dev server (real etcd + the API app on plain HTTP); resolves with its URL and its etcd's. */
export async function startDevServer(dir: string): Promise<{ url: string; etcdEndpoint: string; child: ChildProcess }> {
  const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
  const outfile = join(dir, 'dev-server.js');
  await build({
    entryPoints: [join(ROOT, 'libs/endpoints/scripts/dev-server.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    outfile,
    tsconfig: join(ROOT, 'tsconfig.base.json'),
    external: [...Object.keys(pkg['dependencies'] ?? {}), ...Object.keys(pkg['devDependencies'] ?? {})],
    logLevel: 'silent',
  });
  const child = spawn(process.execPath, [outfile], {
    cwd: ROOT,
    env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules'), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const { url, etcdEndpoint } = await new Promise<{ url: string; etcdEndpoint: string }>((resolveUrl, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`dev server did not start: ${out}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      // The etcd line comes first.
      const m = /--server (http:\/\/[0-9.:]+)/.exec(out);
      const etcd = /^etcd (\S+)$/m.exec(out);
      if (m && etcd) {
        clearTimeout(timer);
        resolveUrl({ url: m[1], etcdEndpoint: etcd[1] });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dev server exited with ${code}: ${out}`));
    });
  });
  return { url, etcdEndpoint, child };
}

/** SIGTERM (then SIGKILL after 15 s) and wait for exit; a no-op for a process already gone. */
export async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** The dev server of one spec file, for its tests to use once {@link useDevApiServer}'s beforeAll ran. */
export interface DevApiServer {
  readonly url: string;
  readonly apiServer: ApiServerClient;
  /** The etcd the app stores into (for specs that also write as the storage service does). */
  readonly etcdEndpoint: string;
}

/**
 * Registers a beforeAll that starts the dev server (real etcd + the API app) in a fresh temporary directory and an
 * afterAll that stops it and removes the directory, even when a test failed. Read the fields inside tests or later
 * hooks (registered after this call, they run after the server started).
 */
export function useDevApiServer(tmpPrefix: string): DevApiServer {
  let dir: string | undefined;
  let child: ChildProcess | undefined;
  let started: DevApiServer | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), tmpPrefix));
    const dev = await startDevServer(dir);
    child = dev.child;
    started = { url: dev.url, apiServer: new ApiServerClient({ server: dev.url }), etcdEndpoint: dev.etcdEndpoint };
  }, 90_000);
  afterAll(async () => {
    await stopChild(child);
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 30_000);
  const get = (): DevApiServer => {
    if (!started) throw new Error('the dev apiserver is not started yet (use it inside tests or later hooks)');
    return started;
  };
  return {
    get url() {
      return get().url;
    },
    get apiServer() {
      return get().apiServer;
    },
    get etcdEndpoint() {
      return get().etcdEndpoint;
    },
  };
}

/** `apiServer` with every request also recorded in `requests` as "<METHOD> <path>" (after `label`, if given). */
export function recordingClient(apiServer: ApiServerClient, requests: string[], label: (path: string) => string = (p) => p): ApiServerClient {
  return Object.assign(Object.create(apiServer) as ApiServerClient, {
    request: (req: Parameters<ApiServerClient['request']>[0]) => {
      requests.push(`${req.method} ${label(req.path)}`);
      return apiServer.request(req);
    },
  });
}
