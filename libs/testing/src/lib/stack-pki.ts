// @peculiar/x509 resolves its crypto providers through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import { webcrypto, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

/** Paths of the stack's PKI files. */
export interface StackPki {
  readonly caCertFile: string;
  readonly servingCertFile: string;
  readonly servingKeyFile: string;
  /** The CA certificate (PEM), as embedded in kubeconfigs. */
  readonly caPem: string;
}

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;

/**
 * Makes sure `<dir>` holds a CA (ca.crt, ca.key) and an apiserver serving certificate signed by it for localhost,
 * 127.0.0.1 and ::1 (apiserver.crt, apiserver.key), generating them with WebCrypto on first use and reusing them
 * afterwards so kubeconfigs stay valid across restarts. Keys are written 0600. Rejects on fs errors.
 */
export async function ensureStackPki(dir: string): Promise<StackPki> {
  const files = {
    caCertFile: join(dir, 'ca.crt'),
    caKeyFile: join(dir, 'ca.key'),
    servingCertFile: join(dir, 'apiserver.crt'),
    servingKeyFile: join(dir, 'apiserver.key'),
  };
  if (!Object.values(files).every((f) => existsSync(f))) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await generate(files);
  }
  return {
    caCertFile: files.caCertFile,
    servingCertFile: files.servingCertFile,
    servingKeyFile: files.servingKeyFile,
    caPem: await readFile(files.caCertFile, 'utf8'),
  };
}

async function generate(files: { caCertFile: string; caKeyFile: string; servingCertFile: string; servingKeyFile: string }): Promise<void> {
  const subtle = webcrypto.subtle;
  const notBefore = new Date(Date.now() - DAY_MS);
  const caKeys = await subtle.generateKey(ALG, true, ['sign', 'verify']);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: 'CN=strata-ca',
    notBefore,
    notAfter: new Date(Date.now() + 3650 * DAY_MS),
    keys: caKeys,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const servingKeys = await subtle.generateKey(ALG, true, ['sign', 'verify']);
  const serving = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: 'CN=strata-apiserver',
    issuer: ca.subject,
    notBefore,
    notAfter: new Date(Date.now() + 365 * DAY_MS),
    publicKey: servingKeys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        { type: 'dns', value: 'localhost' },
        { type: 'ip', value: '127.0.0.1' },
        { type: 'ip', value: '::1' },
      ]),
      await x509.AuthorityKeyIdentifierExtension.create(ca),
    ],
  });
  await writeFile(files.caKeyFile, await keyPem(caKeys.privateKey), { mode: 0o600 });
  await writeFile(files.servingKeyFile, await keyPem(servingKeys.privateKey), { mode: 0o600 });
  await writeFile(files.servingCertFile, serving.toString('pem') + '\n' + ca.toString('pem') + '\n');
  // The CA certificate last: its presence marks a complete set.
  await writeFile(files.caCertFile, ca.toString('pem') + '\n');
}

async function keyPem(key: webcrypto.CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY') + '\n';
}

function serial(): string {
  // Positive 16-byte serial: clear the top bit.
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
}
