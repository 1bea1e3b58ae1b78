import { execFile } from 'node:child_process';

/** What one kubectl run printed. */
export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the real `kubectl` binary with `kubeconfig`, its discovery cache in `cacheDir` (so runs never share state
 * through ~/.kube), and a 60 s limit; `env` adds variables (e.g. EDITOR). Resolves with the exit code and output;
 * rejects only when kubectl cannot run.
 */
export function kubectl(kubeconfig: string, cacheDir: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'kubectl',
      ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, '--request-timeout', '30s', ...args],
      { timeout: 60_000, env: { ...process.env, ...env, KUBECONFIG: kubeconfig }, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err && typeof err.code !== 'number') {
          reject(err);
          return;
        }
        resolve({ code: err ? Number(err.code) : 0, stdout, stderr });
      },
    );
  });
}

/** Like {@link kubectl} but rejects with the output when kubectl exits non-zero. */
export async function kubectlOk(kubeconfig: string, cacheDir: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const res = await kubectl(kubeconfig, cacheDir, args, env);
  if (res.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${res.code}:\n${res.stderr}${res.stdout}`);
  return res.stdout;
}
