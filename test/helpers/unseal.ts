/**
 * Independent decryption for tests, written from the format description only
 * (github.com/bitnami-labs/sealed-secrets pkg/crypto/crypto.go `HybridDecrypt` and
 * pkg/apis/sealedsecrets/v1alpha1/sealedsecret_expansion.go `Unseal`), with node:crypto's own
 * OAEP. It deliberately imports nothing from src/secrets.
 */
import { constants, createDecipheriv, privateDecrypt } from 'node:crypto';

/** Decrypted blobs: tests read the same SealedSecrets more than once, and RSA-4096 decryption is slow. */
const decrypted = new Map<string, Buffer>();

export function decryptBlob(privateKeyPem: string, base64: string, label: string): Buffer {
  const key = `${privateKeyPem}\0${label}\0${base64}`;
  const known = decrypted.get(key);
  if (known) return known;
  const plaintext = decryptUncached(privateKeyPem, base64, label);
  decrypted.set(key, plaintext);
  return plaintext;
}

function decryptUncached(privateKeyPem: string, base64: string, label: string): Buffer {
  const blob = Buffer.from(base64, 'base64');
  const rsaLength = blob.readUInt16BE(0);
  const rsaCiphertext = blob.subarray(2, 2 + rsaLength);
  const rest = blob.subarray(2 + rsaLength);
  const sessionKey = privateDecrypt(
    {
      key: privateKeyPem,
      padding: constants.RSA_PKCS1_OAEP_PADDING,
      oaepHash: 'sha256',
      oaepLabel: Buffer.from(label, 'utf8'),
    },
    rsaCiphertext,
  );
  const decipher = createDecipheriv('aes-256-gcm', sessionKey, Buffer.alloc(12));
  decipher.setAuthTag(rest.subarray(rest.length - 16));
  return Buffer.concat([decipher.update(rest.subarray(0, rest.length - 16)), decipher.final()]);
}

interface SealedLike {
  metadata?: { name?: string; namespace?: string; annotations?: Record<string, string> };
  spec: { encryptedData: Record<string, string> };
}

/** The label the controller derives from the SealedSecret's own metadata (`labelFor`). */
function labelOf(sealed: SealedLike): string {
  const meta = sealed.metadata ?? {};
  const annotations = meta.annotations ?? {};
  if (annotations['sealedsecrets.bitnami.com/cluster-wide'] === 'true') return '';
  if (annotations['sealedsecrets.bitnami.com/namespace-wide'] === 'true') return meta.namespace ?? '';
  return `${meta.namespace ?? ''}/${meta.name ?? ''}`;
}

/** Decrypt every entry as the controller would; throws when any entry fails. */
export function unseal(sealed: SealedLike, privateKeyPem: string): Record<string, string> {
  const label = labelOf(sealed);
  return Object.fromEntries(
    Object.entries(sealed.spec.encryptedData).map(([key, value]) => [
      key,
      decryptBlob(privateKeyPem, value, label).toString('utf8'),
    ]),
  );
}
