import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import { seededRandom, cryptoRandom } from '../../../src/core/random.js';
import { parseSealingKey } from '../../../src/secrets/key.js';
import type { ISealedSecret } from '@kubernetes-models/sealed-secrets/bitnami.com/v1alpha1/SealedSecret';
import { sealSecret, secretFromManifest, type Scope, type SecretInput } from '../../../src/secrets/sealer.js';
import { NOW, demoCertificate, demoPrivateKey, testKeyPair } from '../../helpers/keys.js';
import { decryptBlob, unseal } from '../../helpers/unseal.js';

const input: SecretInput = {
  name: 'inngest-secrets',
  namespace: 'inngest',
  labels: { 'app.kubernetes.io/name': 'inngest' },
  annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"stringData":{"k":"plain"}}', note: 'kept' },
  data: {
    INNGEST_SIGNING_KEY: 'ab'.repeat(32),
    INNGEST_EVENT_KEY: Buffer.from('cd'.repeat(32)),
    'bin.dat': Buffer.from([0, 255, 1]),
  },
};

/** The object as it would be serialised. */
const plain = (s: unknown) => JSON.parse(JSON.stringify(s)) as ISealedSecret;

async function testKey() {
  const pair = await testKeyPair();
  return { pair, key: parseSealingKey(pair.certificatePem, 'test', NOW) };
}

describe('sealSecret', () => {
  it.each<Scope>(['strict', 'namespace-wide', 'cluster-wide'])('round-trips under %s scope', async (scope) => {
    const { pair, key } = await testKey();
    const sealed = sealSecret(input, key, scope, cryptoRandom);
    const plain = unseal(sealed, pair.privateKeyPem);
    expect(plain.INNGEST_SIGNING_KEY).toBe('ab'.repeat(32));
    expect(plain.INNGEST_EVENT_KEY).toBe('cd'.repeat(32));
    const label = { strict: 'inngest/inngest-secrets', 'namespace-wide': 'inngest', 'cluster-wide': '' }[scope];
    expect(decryptBlob(pair.privateKeyPem, sealed.spec.encryptedData['bin.dat']!, label)).toEqual(
      Buffer.from([0, 255, 1]),
    );
  });

  it('has the kubeseal byte layout with the default 4096-bit key', () => {
    const key = parseSealingKey(demoCertificate(), 'demo', NOW);
    const sealed = sealSecret({ name: 'a', namespace: 'b', data: { k: 'hello' } }, key, 'strict', cryptoRandom);
    const blob = sealed.spec.encryptedData.k!;
    expect(blob).toMatch(/^Ag[A-D]/);
    expect(Buffer.from(blob, 'base64').length).toBe(2 + 512 + 5 + 16);
    expect(blob).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(unseal(sealed, demoPrivateKey())).toEqual({ k: 'hello' });
  });

  it('fails to decrypt a strict SealedSecret after a rename or a move', async () => {
    const { pair, key } = await testKey();
    const sealed = plain(sealSecret(input, key, 'strict', cryptoRandom));
    const renamed = { ...sealed, metadata: { ...sealed.metadata, name: 'other' } };
    const moved = { ...sealed, metadata: { ...sealed.metadata, namespace: 'elsewhere' } };
    expect(() => unseal(renamed, pair.privateKeyPem)).toThrow();
    expect(() => unseal(moved, pair.privateKeyPem)).toThrow();
  });

  it('namespace-wide survives a rename but not a move', async () => {
    const { pair, key } = await testKey();
    const sealed = plain(sealSecret(input, key, 'namespace-wide', cryptoRandom));
    const renamed = { ...sealed, metadata: { ...sealed.metadata, name: 'other' } };
    const moved = { ...sealed, metadata: { ...sealed.metadata, namespace: 'elsewhere' } };
    expect(unseal(renamed, pair.privateKeyPem).INNGEST_SIGNING_KEY).toBe('ab'.repeat(32));
    expect(() => unseal(moved, pair.privateKeyPem)).toThrow();
  });

  it('builds the kubeseal object shape and validates with kubernetes-models', async () => {
    const { key } = await testKey();
    const sealed = sealSecret({ ...input, type: 'kubernetes.io/basic-auth' }, key, 'namespace-wide', cryptoRandom);
    expect(() => sealed.validate()).not.toThrow();
    const json = plain(sealed);
    expect(json.apiVersion).toBe('bitnami.com/v1alpha1');
    expect(json.kind).toBe('SealedSecret');
    expect(json.metadata).toEqual({
      name: 'inngest-secrets',
      namespace: 'inngest',
      annotations: { 'sealedsecrets.bitnami.com/namespace-wide': 'true' },
    });
    expect(Object.keys(json.spec.encryptedData)).toEqual(['INNGEST_EVENT_KEY', 'INNGEST_SIGNING_KEY', 'bin.dat']);
    expect(json.spec.template).toEqual({
      metadata: {
        name: 'inngest-secrets',
        namespace: 'inngest',
        labels: { 'app.kubernetes.io/name': 'inngest' },
        annotations: { note: 'kept', 'sealedsecrets.bitnami.com/namespace-wide': 'true' },
      },
      type: 'kubernetes.io/basic-auth',
    });
    expect(JSON.stringify(json)).not.toContain('plain');
  });

  it('is byte-stable with a seeded random source', async () => {
    const { key } = await testKey();
    const a = plain(sealSecret(input, key, 'strict', seededRandom('x')));
    const b = plain(sealSecret(input, key, 'strict', seededRandom('x')));
    const c = plain(sealSecret(input, key, 'strict', seededRandom('y')));
    expect(a).toEqual(b);
    expect(a.spec.encryptedData).not.toEqual(c.spec.encryptedData);
  });

  it.each([
    [{ name: 'Not_A_Name' }, /^metadata\.name: "Not_A_Name" is not a DNS-1123 subdomain/],
    [{ namespace: 'a.b' }, /^metadata\.namespace: "a\.b" is not a DNS-1123 label/],
    [{ data: {} }, /^data: no keys to seal/],
    [{ data: { 'bad key': 'secret-value' } }, /^data: key "bad key" is not a valid Secret key/],
  ])('rejects invalid input %#', async (patch, message) => {
    const { key } = await testKey();
    const bad = { ...input, ...patch } as SecretInput;
    let error: unknown;
    try {
      sealSecret(bad, key, 'strict', cryptoRandom);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('secret-value');
  });
});

describe('secretFromManifest', () => {
  it('reads data (base64) and stringData, stringData winning', () => {
    const secret = secretFromManifest(`apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: inngest
  labels: {a: b}
type: kubernetes.io/basic-auth
data:
  username: aW5uZ2VzdA==
  password: b2xk
stringData:
  password: new
`);
    expect(secret.name).toBe('db');
    expect(secret.namespace).toBe('inngest');
    expect(secret.type).toBe('kubernetes.io/basic-auth');
    expect(secret.labels).toEqual({ a: 'b' });
    expect(Buffer.from(secret.data.username as Buffer).toString()).toBe('inngest');
    expect(secret.data.password).toBe('new');
  });

  it('reads JSON and refuses non-Secrets and non-string values without echoing them', () => {
    expect(
      secretFromManifest('{"apiVersion":"v1","kind":"Secret","metadata":{"name":"x"},"stringData":{"k":"v"}}').data,
    ).toEqual({ k: 'v' });
    expect(() => secretFromManifest('apiVersion: v1\nkind: ConfigMap\n')).toThrow(/is not a Secret/);
    let message = '';
    try {
      secretFromManifest('apiVersion: v1\nkind: Secret\nstringData:\n  pin: 987654\n');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/stringData\.pin: must be a string/);
    expect(message).not.toContain('987654');
    expect(() => secretFromManifest('apiVersion: v1\nkind: Secret\ndata:\n  k: "not base64!"\n')).toThrow(
      /data\.k: is not base64/,
    );
  });
});
