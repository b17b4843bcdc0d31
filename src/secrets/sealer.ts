/**
 * The built-in sealer: produces the same bytes as kubeseal, without kubeseal.
 *
 * Format (github.com/bitnami-labs/sealed-secrets pkg/crypto/crypto.go `HybridEncrypt`):
 *   per value, a fresh 32-byte AES-256 session key;
 *   session key encrypted with RSA-OAEP (SHA-256, MGF1-SHA-256) under the scope label;
 *   value encrypted with AES-256-GCM, 12-byte zero nonce (the key is used once), no AAD;
 *   blob = uint16be len(rsa ciphertext) ‖ rsa ciphertext ‖ aes ciphertext ‖ 16-byte tag,
 *   stored as standard padded base64 in spec.encryptedData.
 * Scope labels (pkg/apis/sealedsecrets/v1alpha1/sealedsecret_expansion.go `EncryptionLabel`):
 *   strict "<namespace>/<name>", namespace-wide "<namespace>", cluster-wide "".
 *
 * All randomness (session key, then the OAEP seed, in the order Go's HybridEncrypt reads them
 * from its reader) comes from the injected RandomSource, so a seeded source gives byte-stable
 * output for the example repository. That is why OAEP encoding (RFC 8017 §7.1.1) is done here and
 * the RSA step uses raw RSA: node:crypto's OAEP padding draws its seed from OpenSSL instead.
 */
import { createCipheriv, createHash, constants, publicEncrypt, type KeyObject } from 'node:crypto';
import { parseAllDocuments } from 'yaml';
import { SealedSecret } from '@kubernetes-models/sealed-secrets/bitnami.com/v1alpha1/SealedSecret';
import { UserError } from '../core/errors.js';
import type { RandomSource } from '../core/random.js';
import type { SealingKey } from './key.js';
import { isRecord } from '../core/records.js';
import { byCodePoint } from '../core/yaml.js';
import { SCOPE_ANNOTATIONS, type Scope } from '../model/sealed-scope.js';

export type { Scope };
export const SCOPES: readonly Scope[] = ['strict', 'namespace-wide', 'cluster-wide'];

const NAMESPACE_WIDE_ANNOTATION = SCOPE_ANNOTATIONS.namespaceWide;
const CLUSTER_WIDE_ANNOTATION = SCOPE_ANNOTATIONS.clusterWide;
/** Annotations holding a full copy of the object, plaintext included; kubeseal strips both. */
const LAST_APPLIED = [
  'kubectl.kubernetes.io/last-applied-configuration',
  'kubecfg.ksonnet.io/last-applied-configuration',
];

export interface SecretInput {
  name: string;
  namespace: string;
  type?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  data: Record<string, Buffer | string>;
}

/** Names of the fields as the user gave them, for error messages. */
export interface SecretFields {
  name: string;
  namespace: string;
  data: string;
}

const DEFAULT_FIELDS: SecretFields = { name: 'metadata.name', namespace: 'metadata.namespace', data: 'data' };

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

function scopeLabel(scope: Scope, namespace: string, name: string): Buffer {
  if (scope === 'cluster-wide') return Buffer.alloc(0);
  if (scope === 'namespace-wide') return Buffer.from(namespace, 'utf8');
  return Buffer.from(`${namespace}/${name}`, 'utf8');
}

/** Scope annotations as kubeseal's `UpdateScopeAnnotations` sets them (types.go). */
function scopeAnnotations(scope: Scope): Record<string, string> {
  if (scope === 'namespace-wide') return { [NAMESPACE_WIDE_ANNOTATION]: 'true' };
  if (scope === 'cluster-wide') return { [CLUSTER_WIDE_ANNOTATION]: 'true' };
  return {};
}

const SESSION_KEY_BYTES = 32;
const HASH_BYTES = 32;
const GCM_NONCE = Buffer.alloc(12);

/** Encrypt one value into the kubeseal blob (not yet base64). */
function hybridEncrypt(publicKey: KeyObject, plaintext: Buffer, label: Buffer, random: RandomSource): Buffer {
  const sessionKey = random.bytes(SESSION_KEY_BYTES);
  const rsaCiphertext = rsaOaepSha256Encrypt(publicKey, sessionKey, label, random);
  const cipher = createCipheriv('aes-256-gcm', sessionKey, GCM_NONCE);
  const aesCiphertext = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(rsaCiphertext.length);
  return Buffer.concat([length, rsaCiphertext, aesCiphertext]);
}

/** RSAES-OAEP-ENCRYPT with SHA-256 and MGF1-SHA-256, RFC 8017 §7.1.1; the seed comes from `random`. */
function rsaOaepSha256Encrypt(publicKey: KeyObject, message: Buffer, label: Buffer, random: RandomSource): Buffer {
  const k = Math.ceil((publicKey.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
  if (message.length > k - 2 * HASH_BYTES - 2) throw new Error('RSA key too small for RSA-OAEP SHA-256');
  const lHash = createHash('sha256').update(label).digest();
  const padding = Buffer.alloc(k - message.length - 2 * HASH_BYTES - 2);
  const db = Buffer.concat([lHash, padding, Buffer.from([0x01]), message]);
  const seed = random.bytes(HASH_BYTES);
  const maskedDb = xor(db, mgf1Sha256(seed, db.length));
  const maskedSeed = xor(seed, mgf1Sha256(maskedDb, HASH_BYTES));
  const encoded = Buffer.concat([Buffer.from([0x00]), maskedSeed, maskedDb]);
  return publicEncrypt({ key: publicKey, padding: constants.RSA_NO_PADDING }, encoded);
}

function mgf1Sha256(seed: Buffer, length: number): Buffer {
  const blocks: Buffer[] = [];
  const counter = Buffer.alloc(4);
  for (let i = 0; i * HASH_BYTES < length; i++) {
    counter.writeUInt32BE(i);
    blocks.push(createHash('sha256').update(seed).update(counter).digest());
  }
  return Buffer.concat(blocks).subarray(0, length);
}

function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] ?? 0) ^ (b[i] ?? 0);
  return out;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DATA_KEY = /^[-._a-zA-Z0-9]+$/;

/** The checks the API server applies to a Secret (k8s.io/apimachinery pkg/util/validation). */
export function validateSecretInput(input: SecretInput, fields: SecretFields = DEFAULT_FIELDS): void {
  if (input.name.length > 253 || !DNS1123_SUBDOMAIN.test(input.name)) {
    throw new UserError(
      fields.name,
      `${JSON.stringify(input.name)} is not a DNS-1123 subdomain`,
      "lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters",
    );
  }
  if (input.namespace.length > 63 || !DNS1123_LABEL.test(input.namespace)) {
    throw new UserError(
      fields.namespace,
      `${JSON.stringify(input.namespace)} is not a DNS-1123 label`,
      "lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters",
    );
  }
  const keys = Object.keys(input.data);
  if (keys.length === 0) throw new UserError(fields.data, 'no keys to seal', 'at least one KEY=VALUE');
  for (const key of keys) {
    if (key.length > 253 || key === '.' || key === '..' || !DATA_KEY.test(key)) {
      throw new UserError(
        fields.data,
        `key ${JSON.stringify(key)} is not a valid Secret key`,
        "letters, digits, '-', '_' and '.', at most 253 characters",
      );
    }
  }
  if (input.type !== undefined && input.type.trim() === '') throw new UserError('type', 'is empty', 'e.g. Opaque');
}

/**
 * Seal a Secret the way kubeseal's `NewSealedSecret` does (sealedsecret_expansion.go): scope
 * annotations on the SealedSecret and, as kubeseal adds them to the input Secret first, on the
 * template too; the Secret's name, namespace, labels, annotations and type in spec.template,
 * without last-applied-configuration annotations. Entries are sorted by key.
 */
export function sealSecret(
  input: SecretInput,
  key: SealingKey,
  scope: Scope,
  random: RandomSource,
  fields?: SecretFields,
): SealedSecret {
  validateSecretInput(input, fields);
  const label = scopeLabel(scope, input.namespace, input.name);
  const encryptedData: Record<string, string> = {};
  for (const name of Object.keys(input.data).sort()) {
    const value = input.data[name] ?? '';
    const plaintext = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    encryptedData[name] = hybridEncrypt(key.publicKey, plaintext, label, random).toString('base64');
  }
  const scopeAnno = scopeAnnotations(scope);
  const templateAnnotations = { ...withoutScopeAndLastApplied(input.annotations), ...scopeAnno };
  return new SealedSecret({
    metadata: {
      name: input.name,
      namespace: input.namespace,
      ...(Object.keys(scopeAnno).length > 0 ? { annotations: scopeAnno } : {}),
    },
    spec: {
      encryptedData,
      template: {
        metadata: {
          name: input.name,
          namespace: input.namespace,
          ...(input.labels && Object.keys(input.labels).length > 0 ? { labels: sortedRecord(input.labels) } : {}),
          ...(Object.keys(templateAnnotations).length > 0 ? { annotations: sortedRecord(templateAnnotations) } : {}),
        },
        type: input.type ?? 'Opaque',
      },
    },
  });
}

function withoutScopeAndLastApplied(annotations: Record<string, string> | undefined): Record<string, string> {
  const drop = new Set([...LAST_APPLIED, NAMESPACE_WIDE_ANNOTATION, CLUSTER_WIDE_ANNOTATION]);
  return Object.fromEntries(Object.entries(annotations ?? {}).filter(([k]) => !drop.has(k)));
}

function sortedRecord(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => byCodePoint(a, b)));
}

/** A Secret read from a manifest; name and namespace may still come from flags. */
export type ManifestSecret = Omit<SecretInput, 'name' | 'namespace'> & { name?: string; namespace?: string };

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Parse a v1 Secret manifest (YAML or JSON). Both `data` (base64) and `stringData` are sealed;
 * `stringData` wins on a clash, as the API server merges them. Errors name fields, never values.
 */
export function secretFromManifest(text: string, source = 'secret manifest'): ManifestSecret {
  const docs = parseAllDocuments(text).filter((doc) => doc.contents !== null);
  if (docs.length !== 1) throw new UserError(source, `holds ${docs.length} documents`, 'exactly one Secret');
  const doc = docs[0]!;
  if (doc.errors.length > 0) throw new UserError(source, 'is not valid YAML or JSON', 'one Secret manifest');
  const obj: unknown = doc.toJS();
  if (!isRecord(obj) || obj.kind !== 'Secret' || obj.apiVersion !== 'v1') {
    throw new UserError(source, 'is not a Secret', 'apiVersion: v1, kind: Secret');
  }
  const metadata = isRecord(obj.metadata) ? obj.metadata : {};
  const data: Record<string, Buffer | string> = {};
  for (const [key, value] of Object.entries(stringMap(obj.data, `${source} data`))) {
    if (!BASE64.test(value.replace(/\s+/g, '')))
      throw new UserError(
        `${source} data.${key}`,
        'is not base64',
        'standard base64, or put the plain value in stringData',
      );
    data[key] = Buffer.from(value, 'base64');
  }
  Object.assign(data, stringMap(obj.stringData, `${source} stringData`));
  const out: ManifestSecret = { data };
  if (typeof metadata.name === 'string') out.name = metadata.name;
  if (typeof metadata.namespace === 'string') out.namespace = metadata.namespace;
  if (typeof obj.type === 'string') out.type = obj.type;
  const labels = stringMap(metadata.labels, `${source} metadata.labels`);
  if (Object.keys(labels).length > 0) out.labels = labels;
  const annotations = stringMap(metadata.annotations, `${source} metadata.annotations`);
  if (Object.keys(annotations).length > 0) out.annotations = annotations;
  return out;
}

function stringMap(value: unknown, field: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw new UserError(field, 'must be a map', 'KEY: string');
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') throw new UserError(`${field}.${key}`, 'must be a string', 'quote the value');
    out[key] = item;
  }
  return out;
}

/** The Secret as JSON for kubeseal's stdin; values base64 in `data`. */
export function secretManifest(secret: SecretInput): string {
  const data = Object.fromEntries(
    Object.entries(secret.data).map(([key, value]) => [
      key,
      (typeof value === 'string' ? Buffer.from(value, 'utf8') : value).toString('base64'),
    ]),
  );
  const metadata = {
    name: secret.name,
    namespace: secret.namespace,
    ...(secret.labels ? { labels: secret.labels } : {}),
    ...(secret.annotations ? { annotations: secret.annotations } : {}),
  };
  return JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata, type: secret.type ?? 'Opaque', data });
}
