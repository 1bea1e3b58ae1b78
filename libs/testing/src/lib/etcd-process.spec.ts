import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { EtcdProcess } from './etcd-process';

/** True while `pid` runs (a zombie waiting to be reaped counts as gone). */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('EtcdProcess (integration, real etcd)', () => {
  it('starts a real etcd that answers, restarts it with its data, and stops it', async () => {
    const etcd = await EtcdProcess.start();
    try {
      const put = await fetch(`${etcd.endpoint}/v3/kv/put`, {
        method: 'POST',
        body: JSON.stringify({ key: Buffer.from('/k').toString('base64'), value: Buffer.from('v').toString('base64') }),
      });
      expect(put.status).toBe(200);
      await etcd.restart();
      const get = await fetch(`${etcd.endpoint}/v3/kv/range`, {
        method: 'POST',
        body: JSON.stringify({ key: Buffer.from('/k').toString('base64') }),
      });
      const body = (await get.json()) as { kvs: { value: string }[] };
      expect(Buffer.from(body.kvs[0].value, 'base64').toString()).toBe('v');
    } finally {
      await etcd.stop();
    }
    await expect(fetch(`${etcd.endpoint}/health`)).rejects.toThrow();
  });

  it('kills its etcd when the owning process exits without stop()', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-etcd-owner-'));
    try {
      const script = join(dir, 'owner.js');
      await build({
        stdin: { contents: `import { EtcdProcess } from './etcd-process'; void EtcdProcess.start().then((e) => { console.log(e.pid); process.exit(0); });`, resolveDir: __dirname, loader: 'ts' },
        bundle: true,
        platform: 'node',
        target: 'node20',
        outfile: script,
        logLevel: 'silent',
        tsconfig: resolve(__dirname, '../../../../tsconfig.base.json'),
      });
      const stdout = await new Promise<string>((done, fail) => execFile(process.execPath, [script], (err, out) => (err ? fail(err) : done(out))));
      const pid = Number(stdout.trim());
      expect(pid).toBeGreaterThan(0);
      const deadline = Date.now() + 5_000;
      while (running(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(running(pid)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
