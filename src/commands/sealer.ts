/**
 * The one place that decides how secrets are sealed, for the scaffold, `secrets` and `seal`:
 * where the certificate comes from (--cert, --fetch-cert, --new-controller-key) and whether
 * the real kubeseal or the built-in sealer does it. The built-in sealer produces the same bytes
 * (github.com/bitnami-labs/sealed-secrets pkg/crypto/crypto.go).
 */
import { EnvironmentError, UserError } from '../core/errors.js';
import type { RandomSource } from '../core/random.js';
import type { CommandIO } from '../io/command-io.js';
import { loadCertificate } from '../io/certificate.js';
import { fetchCertificate, findOnPath, sealWithKubeseal, type ControllerRef } from '../io/kubeseal.js';
import { certificateField, parseSealingKey } from '../secrets/key.js';
import { sealSecret, secretManifest } from '../secrets/sealer.js';
import type { CertificateSource, PreparedSealer, Sealer } from '../secrets/sealing.js';
import { CONTROLLER_KEY_FILES } from '../model/sealing-key.js';
import { expandHome, homeOf } from '../io/paths.js';

/** Seal with kubeseal when it is on PATH (auto), always (must be on PATH) or never. */
export type KubesealUse = 'auto' | 'always' | 'never';

export interface SealerContext {
  controller: ControllerRef;
  kubeseal: KubesealUse;
  env: NodeJS.ProcessEnv;
  now: Date;
  random: RandomSource;
  /** The repository being written: a new controller key must live outside it. */
  targetRepo?: string;
  /** Where a relative --new-controller-key folder is resolved from. */
  cwd: string;
  newControllerKeyPair?: CommandIO['newControllerKeyPair'];
}

export function hasCertificateSource(source: CertificateSource): boolean {
  return Boolean(source.cert || source.fetchCert || source.newControllerKey);
}

/**
 * Resolve the certificate, then choose the sealer. A certificate that is given is always
 * parsed and checked (RSA, not expired) before anything is sealed. Without one, only kubeseal
 * can seal (it asks the controller itself).
 */
export async function chooseSealer(source: CertificateSource, ctx: SealerContext): Promise<PreparedSealer> {
  const onPath = findOnPath('kubeseal', ctx.env) !== undefined;
  if (ctx.kubeseal === 'always' && !onPath) throw new EnvironmentError('--use-kubeseal: kubeseal not found on PATH');
  const useKubeseal = ctx.kubeseal === 'always' || (ctx.kubeseal === 'auto' && onPath);
  const certificate = await resolveCertificate(source, ctx, onPath);
  if (!certificate && !useKubeseal) {
    throw new UserError(
      '--cert',
      'no sealing certificate',
      'pass --cert FILE|URL (from `kubeseal --fetch-cert`), --fetch-cert or --new-controller-key DIR, or put kubeseal on PATH',
    );
  }
  const key = certificate ? parseSealingKey(certificate.pem, certificate.label, ctx.now) : undefined;
  const sealer: Sealer =
    useKubeseal || !key
      ? {
          how: 'kubeseal',
          seal: (secret, scope = 'strict') =>
            sealWithKubeseal(secretManifest(secret), {
              scope,
              ...ctx.controller,
              env: ctx.env,
              ...(certificate?.kubesealCert ? { cert: certificate.kubesealCert } : {}),
            }),
        }
      : {
          how: 'built-in sealer',
          seal: (secret, scope = 'strict', fields) => sealSecret(secret, key, scope, ctx.random, fields),
        };
  return { sealer, notes: certificate?.notes ?? [], ...(certificate?.newKey ? { newKey: certificate.newKey } : {}) };
}

interface Certificate {
  pem: string;
  /** How the source is named in messages (a URL without credentials). */
  label: string;
  /** What kubeseal gets as --cert; absent: kubeseal asks the controller. */
  kubesealCert?: string;
  notes: string[];
  newKey?: PreparedSealer['newKey'];
}

async function resolveCertificate(
  source: CertificateSource,
  ctx: SealerContext,
  kubesealOnPath: boolean,
): Promise<Certificate | undefined> {
  if (source.newControllerKey) {
    // Loaded only here: the X.509 code it needs is a third of the sealer's code (README "Performance").
    const { writeControllerKey } = await import('../io/controller-key.js');
    const home = homeOf(ctx.env);
    const written = await writeControllerKey(expandHome(source.newControllerKey, home, ctx.cwd), {
      targetRepo: ctx.targetRepo ?? ctx.cwd,
      controllerNamespace: ctx.controller.controllerNamespace,
      home,
      now: ctx.now,
      ...(ctx.newControllerKeyPair ? { keyPair: await ctx.newControllerKeyPair(ctx.now) } : {}),
    });
    return {
      pem: written.certificatePem,
      label: `--new-controller-key ${source.newControllerKey}`,
      kubesealCert: written.certPath,
      notes: [
        `Created a new Sealed Secrets controller key in ${written.folder}: ${CONTROLLER_KEY_FILES.key} (mode 0600) and ${CONTROLLER_KEY_FILES.certificate}.`,
        'Keep a copy safe, outside Git: only it decrypts these secrets.',
      ],
      newKey: { folder: written.folder, loadCommands: written.commands },
    };
  }
  if (source.cert) {
    return {
      pem: await loadCertificate(source.cert),
      label: certificateField(source.cert),
      kubesealCert: source.cert,
      notes: [],
    };
  }
  if (source.fetchCert) {
    if (!kubesealOnPath) {
      throw new EnvironmentError(
        '--fetch-cert: needs kubeseal on PATH; install it, or save the certificate with `kubeseal --fetch-cert > cert.pem` elsewhere and pass --cert cert.pem',
      );
    }
    return { pem: fetchCertificate({ ...ctx.controller, env: ctx.env }), label: '--fetch-cert', notes: [] };
  }
  return undefined;
}

/** The sealer of a generated repository: its controller from the answers, a certificate required. */
export async function repositorySealer(
  sealing: { controllerName: string; controllerNamespace: string },
  source: CertificateSource,
  options: Omit<SealerContext, 'controller'>,
): Promise<PreparedSealer> {
  if (!hasCertificateSource(source)) {
    throw new UserError(
      '--cert',
      'no sealing certificate',
      'pass --cert FILE|URL, --fetch-cert or --new-controller-key DIR',
    );
  }
  const controller = { controllerName: sealing.controllerName, controllerNamespace: sealing.controllerNamespace };
  return chooseSealer(source, { ...options, controller });
}
