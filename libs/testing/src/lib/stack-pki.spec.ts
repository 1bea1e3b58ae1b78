import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ensureStackPki } from './stack-pki';
import { ensureStackCredentials, renderKubeconfig } from './stack-credentials';

describe('stack PKI and credentials', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stack-pki-spec-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('issues a serving certificate for 127.0.0.1 and localhost signed by the CA, and reuses it', async () => {
    const pki = await ensureStackPki(join(dir, 'pki'));
    const ca = new X509Certificate(readFileSync(pki.caCertFile));
    const serving = new X509Certificate(readFileSync(pki.servingCertFile));
    expect(ca.ca).toBe(true);
    expect(serving.ca).toBe(false);
    expect(serving.checkIssued(ca)).toBe(true);
    expect(serving.verify(ca.publicKey)).toBe(true);
    expect(serving.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(serving.checkHost('localhost')).toBe('localhost');
    expect(serving.checkHost('example.com')).toBeUndefined();
    expect(serving.checkPrivateKey(createPrivateKey(readFileSync(pki.servingKeyFile)))).toBe(true);
    expect(statSync(pki.servingKeyFile).mode & 0o077).toBe(0);

    const again = await ensureStackPki(join(dir, 'pki'));
    expect(again.caPem).toBe(pki.caPem);
  });

  it('keeps the admin token across calls and writes it to the token file and kubeconfig', async () => {
    const a = await ensureStackCredentials(dir);
    const b = await ensureStackCredentials(dir);
    expect(a.adminToken).toMatch(/^[0-9a-f]{64}$/);
    expect(b.adminToken).toBe(a.adminToken);
    expect(readFileSync(a.tokenAuthFile, 'utf8')).toBe(`${a.adminToken},admin,admin,"system:masters"\n`);

    const kubeconfig = parse(renderKubeconfig({ server: 'https://127.0.0.1:6443', caPem: 'PEM', token: a.adminToken }));
    expect(kubeconfig['current-context']).toBe('root');
    expect(kubeconfig.clusters[0].cluster.server).toBe('https://127.0.0.1:6443');
    expect(Buffer.from(kubeconfig.clusters[0].cluster['certificate-authority-data'], 'base64').toString()).toBe('PEM');
    expect(kubeconfig.users[0].user.token).toBe(a.adminToken);
  });
});
