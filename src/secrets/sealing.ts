import type { SealedSecret } from '@kubernetes-models/sealed-secrets/bitnami.com/v1alpha1/SealedSecret';
import { SYNC_WAVE } from '../model/names.js';
import { waves } from '../model/waves.js';
import type { Scope, SecretFields, SecretInput } from './sealer.js';
import { toYaml } from '../core/yaml.js';

/** Where the sealing certificate comes from; at most one. */
export interface CertificateSource {
  cert?: string;
  fetchCert?: boolean;
  newControllerKey?: string;
}

export interface Sealer {
  /** How it seals, for the summary line ("built-in sealer", "kubeseal"). */
  how: string;
  seal(secret: SecretInput, scope?: Scope, fields?: SecretFields): SealedSecret;
}

export interface PreparedSealer {
  sealer: Sealer;
  /** Lines to print: where a new key was written. Never secret values. */
  notes: string[];
  /** A new controller key: the commands that load it into the cluster (the next steps show them too). */
  newKey?: { folder: string; loadCommands: readonly string[] };
}

/** A SealedSecret as a file of secrets/<env>/: wave -1 and the Secret's labels on the SealedSecret itself. */
export function sealedSecretFile(sealed: SealedSecret, secret: SecretInput): { file: string; text: string } {
  type Meta = { labels?: Record<string, string>; annotations?: Record<string, string>; creationTimestamp?: unknown };
  const json = sealed.toJSON() as { metadata: Meta; spec: { template?: { metadata?: Meta } } };
  // kubeseal prints creationTimestamp: null; it is noise in Git.
  delete json.metadata.creationTimestamp;
  delete json.spec.template?.metadata?.creationTimestamp;
  const { 'cnpg.io/reload': _secretOnly, ...labels } = secret.labels ?? {};
  json.metadata.labels = { ...json.metadata.labels, ...labels };
  json.metadata.annotations = { ...json.metadata.annotations, [SYNC_WAVE]: String(waves.secrets) };
  return { file: `${secret.name}.yaml`, text: toYaml(json) };
}
