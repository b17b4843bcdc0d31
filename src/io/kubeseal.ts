/**
 * Thin wrapper around the real `kubeseal` (github.com/bitnami-labs/sealed-secrets cmd/kubeseal).
 * The Secret manifest goes to kubeseal on stdin, never through a file, and neither stdin nor
 * anything derived from it is ever echoed: errors carry the first line of kubeseal's stderr only.
 */
import { spawnSync, type SpawnSyncOptions, type SpawnSyncReturns } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { parse } from 'yaml';
import { SealedSecret, type ISealedSecret } from '@kubernetes-models/sealed-secrets/bitnami.com/v1alpha1/SealedSecret';
import { EnvironmentError } from '../core/errors.js';
import type { Scope } from '../secrets/sealer.js';
import { SEALED_SECRETS_DEFAULTS } from '../model/names.js';

export type Runner = (
  command: string,
  args: readonly string[],
  options: SpawnSyncOptions,
) => SpawnSyncReturns<string | Buffer>;

export const DEFAULT_CONTROLLER_NAME = SEALED_SECRETS_DEFAULTS.controllerName;
export const DEFAULT_CONTROLLER_NAMESPACE = SEALED_SECRETS_DEFAULTS.controllerNamespace;

/** The first executable file called `name` on env.PATH, or undefined. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  const dirs = (env.PATH ?? '').split(delimiter).filter((dir) => dir !== '' && isAbsolute(dir));
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export interface ControllerRef {
  controllerName: string;
  controllerNamespace: string;
}

export interface KubesealOptions extends ControllerRef {
  /** Certificate file or URL; without it kubeseal asks the controller. */
  cert?: string;
  scope: Scope;
  /** Environment for kubeseal (PATH, KUBECONFIG); defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}

/** kubeseal flags per cmd/kubeseal/main.go: `--format yaml --scope S` plus the key source. */
function kubesealArgs(opts: KubesealOptions): string[] {
  const source = opts.cert !== undefined ? ['--cert', opts.cert] : controllerArgs(opts);
  return ['--format', 'yaml', '--scope', opts.scope, ...source];
}

function controllerArgs(ref: ControllerRef): string[] {
  return ['--controller-name', ref.controllerName, '--controller-namespace', ref.controllerNamespace];
}

/** Seal with kubeseal; the manifest is passed on stdin. Returns the typed SealedSecret. */
export function sealWithKubeseal(secretManifest: string, opts: KubesealOptions, run: Runner = spawnSync): SealedSecret {
  const result = run('kubeseal', kubesealArgs(opts), spawnOptions(opts.env, secretManifest));
  const stdout = checked(result, 'kubeseal');
  let parsed: unknown;
  try {
    parsed = parse(stdout);
  } catch {
    throw new EnvironmentError('kubeseal printed something that is not YAML');
  }
  if (!isSealedSecret(parsed)) throw new EnvironmentError('kubeseal did not print a SealedSecret');
  const { apiVersion: _a, kind: _k, ...rest } = parsed;
  return new SealedSecret(rest);
}

/**
 * `kubeseal --fetch-cert`: the controller's current certificate PEM, fetched through the API
 * server's service proxy. The Helm chart names the controller after the release
 * (`sealed-secrets`), not kubeseal's default `sealed-secrets-controller` (sealed-secrets README),
 * which is the usual reason this fails.
 */
export function fetchCertificate(ref: ControllerRef & { env?: NodeJS.ProcessEnv }, run: Runner = spawnSync): string {
  const result = run('kubeseal', ['--fetch-cert', ...controllerArgs(ref)], spawnOptions(ref.env));
  try {
    return checked(result, 'kubeseal --fetch-cert');
  } catch (error) {
    const hint =
      `; is the controller named ${ref.controllerName} in ${ref.controllerNamespace}? ` +
      `The Helm chart names it sealed-secrets (try --controller-name sealed-secrets); ` +
      `the default is ${DEFAULT_CONTROLLER_NAME} in ${DEFAULT_CONTROLLER_NAMESPACE}`;
    throw new EnvironmentError(`${(error as Error).message}${hint}`);
  }
}

function spawnOptions(env: NodeJS.ProcessEnv | undefined, input?: string): SpawnSyncOptions {
  return {
    env: env ?? process.env,
    encoding: 'utf8',
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    maxBuffer: 16 * 1024 * 1024,
    timeout: 120_000,
    ...(input === undefined ? {} : { input }),
  };
}

function checked(result: SpawnSyncReturns<string | Buffer>, what: string): string {
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new EnvironmentError(`${what}: kubeseal not found on PATH`);
    throw new EnvironmentError(`${what}: could not run kubeseal (${code ?? 'error'})`);
  }
  if (result.status !== 0) {
    const line = firstLine(String(result.stderr ?? '')) || `exit status ${result.status ?? result.signal}`;
    throw new EnvironmentError(`${what} failed: ${line}`);
  }
  return String(result.stdout ?? '');
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line !== '') ?? ''
  );
}

function isSealedSecret(value: unknown): value is ISealedSecret {
  const v = value as Partial<ISealedSecret> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    v.kind === 'SealedSecret' &&
    v.apiVersion === 'bitnami.com/v1alpha1' &&
    typeof v.spec === 'object'
  );
}
