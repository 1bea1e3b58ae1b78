import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeconfigError, loadKubeconfig } from './kubeconfig';

describe('loadKubeconfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubeconfig-spec-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it('reads the current context with embedded CA and token', async () => {
    const p = write(
      'a.yaml',
      `apiVersion: v1
kind: Config
current-context: root
clusters:
- name: strata
  cluster: { server: "https://127.0.0.1:6443", certificate-authority-data: ${Buffer.from('PEM').toString('base64')} }
users:
- name: admin
  user: { token: secret }
contexts:
- name: root
  context: { cluster: strata, user: admin }
`,
    );
    expect(await loadKubeconfig(p)).toEqual({ server: 'https://127.0.0.1:6443', caPem: 'PEM', token: 'secret' });
  });

  it('resolves CA and token files relative to the kubeconfig', async () => {
    write('ca.crt', 'CAFILE');
    write('token', 'tok\n');
    const p = write(
      'b.yaml',
      `clusters: [{ name: c, cluster: { server: "https://x", certificate-authority: ca.crt } }]
users: [{ name: u, user: { tokenFile: token } }]
contexts: [{ name: ctx, context: { cluster: c, user: u } }]
`,
    );
    expect(await loadKubeconfig(p, 'ctx')).toEqual({ server: 'https://x', caPem: 'CAFILE', token: 'tok' });
  });

  it('rejects a missing context', async () => {
    const p = write('c.yaml', 'contexts: []\ncurrent-context: nope\n');
    await expect(loadKubeconfig(p)).rejects.toBeInstanceOf(KubeconfigError);
  });
});
