import type { SealedSecret } from '@kubernetes-models/sealed-secrets/bitnami.com/v1alpha1/SealedSecret';
import type { Answers } from '../answers/schema.js';
import { SYNC_WAVE } from '../names.js';
import type { RandomSource } from '../random.js';
import { waves } from '../render/meta.js';
import { certificateField, loadCertificate, parseSealingKey, type SealingKey } from '../seal/key.js';
import { fetchCertificate, findOnPath, sealWithKubeseal } from '../seal/kubeseal.js';
import { sealSecret, secretManifest, type SecretInput } from '../seal/sealer.js';
import { toYaml } from '../yaml.js';
import { EnvironmentError, UserError } from '../errors.js';

/** Where the sealing certificate comes from; at most one. */
export interface CertificateSource {
  cert?: string;
  fetchCert?: boolean;
  newControllerKey?: string;
}

export interface Sealer {
  /** How it seals, for the summary line ("built-in sealer", "kubeseal"). */
  how: string;
  seal(secret: SecretInput): SealedSecret;
}

export interface SealerContext {
  answers: Answers;
  env: NodeJS.ProcessEnv;
  now: Date;
  random: RandomSource;
  /** The repository being written: a new controller key must live outside it. */
  targetRepo: string;
  /** Seal with kubeseal when it is on PATH (default) or never. */
  kubeseal: 'auto' | 'never';
}

export interface PreparedSealer {
  sealer: Sealer;
  /** Lines to print: where a new key was written and how to load it. Never secret values. */
  notes: string[];
}

export function hasCertificateSource(source: CertificateSource): boolean {
  return Boolean(source.cert || source.fetchCert || source.newControllerKey);
}

/**
 * Resolve the certificate, then choose kubeseal (on PATH) or the built-in sealer, which
 * produces the same bytes (github.com/bitnami-labs/sealed-secrets pkg/crypto/crypto.go).
 * The certificate is always parsed and checked (RSA, not expired) before anything is sealed.
 */
export async function prepareSealer(source: CertificateSource, ctx: SealerContext): Promise<PreparedSealer> {
  const controller = { controllerName: ctx.answers.sealing.controllerName, controllerNamespace: ctx.answers.sealing.controllerNamespace };
  const notes: string[] = [];
  let pem: string;
  let label: string;
  let kubesealCert: string | undefined;
  if (source.newControllerKey) {
    // Loaded only here: the X.509 libraries it needs are a third of the sealer's code (README "Performance").
    const { writeControllerKey } = await import('../seal/controller-key.js');
    const written = await writeControllerKey(source.newControllerKey, { targetRepo: ctx.targetRepo, ...controller, now: ctx.now });
    pem = written.certificatePem;
    label = `--new-controller-key ${source.newControllerKey}`;
    kubesealCert = written.certPath;
    notes.push(
      `New Sealed Secrets controller key written to ${written.keyPath} (mode 0600) and ${written.certPath}.`,
      'It is the only key that can decrypt this repository\'s secrets: keep a copy somewhere safe, outside Git.',
      'Load it into the controller before the first sync:',
      ...written.commands.map((c) => `  ${c}`),
    );
  } else if (source.cert) {
    pem = await loadCertificate(source.cert);
    label = certificateField(source.cert);
    kubesealCert = source.cert;
  } else if (source.fetchCert) {
    if (!findOnPath('kubeseal', ctx.env)) throw new EnvironmentError('--fetch-cert: needs kubeseal on PATH; install it, or pass --cert FILE saved with `kubeseal --fetch-cert`');
    pem = fetchCertificate({ ...controller, env: ctx.env });
    label = '--fetch-cert';
  } else {
    throw new UserError('--cert', 'no sealing certificate', 'pass --cert FILE|URL, --fetch-cert or --new-controller-key DIR');
  }
  const key = parseSealingKey(pem, label, ctx.now);
  const useKubeseal = ctx.kubeseal === 'auto' && findOnPath('kubeseal', ctx.env) !== undefined;
  return { sealer: useKubeseal ? kubesealSealer(kubesealCert, controller, ctx.env) : builtinSealer(key, ctx.random), notes };
}

function builtinSealer(key: SealingKey, random: RandomSource): Sealer {
  return { how: 'built-in sealer', seal: (secret) => sealSecret(secret, key, 'strict', random) };
}

function kubesealSealer(cert: string | undefined, controller: { controllerName: string; controllerNamespace: string }, env: NodeJS.ProcessEnv): Sealer {
  return {
    how: 'kubeseal',
    seal: (secret) => sealWithKubeseal(secretManifest(secret), { scope: 'strict', ...controller, env, ...(cert ? { cert } : {}) }),
  };
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
