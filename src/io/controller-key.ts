/**
 * Writing a new Sealed Secrets controller key pair (../secrets/controller-key.ts makes it) into a
 * folder outside the repository, and the commands that load it into the controller.
 */
import { mkdir, open, realpath, rm } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UserError } from '../core/errors.js';
import { ACTIVE_KEY_LABEL, generateControllerKeyPair, type ControllerKeyPair } from '../secrets/controller-key.js';

const KEY_FILE = 'sealed-secrets.key';
const CERT_FILE = 'sealed-secrets.crt';

export interface WriteControllerKeyOptions {
  /** The repository being generated; the private key must never land inside it. */
  targetRepo: string;
  controllerName?: string;
  controllerNamespace?: string;
  /** Name of the TLS Secret to create in the controller's namespace. */
  secretName?: string;
  now?: Date;
  /** A pair made earlier; generated when absent. */
  keyPair?: ControllerKeyPair;
}

export interface WrittenControllerKey {
  readonly keyPath: string;
  readonly certPath: string;
  readonly certificatePem: string;
  /** Shell commands that load the pair into the controller as an active sealing key. */
  readonly commands: readonly string[];
}

const FIELD = '--new-controller-key';

/**
 * Write `sealed-secrets.key` (mode 0600) and `sealed-secrets.crt` into DIR, which must lie outside
 * the target repository, and return the commands that make the controller use the key.
 * Existing files are never overwritten: they may be someone's only key backup.
 */
export async function writeControllerKey(
  dir: string,
  options: WriteControllerKeyOptions,
): Promise<WrittenControllerKey> {
  const target = resolve(dir);
  if (await isInside(target, resolve(options.targetRepo))) {
    throw new UserError(
      `${FIELD} ${dir}`,
      'is inside the target repository',
      'a directory outside the repository, e.g. ~/.config/inngest-gitops',
    );
  }
  const pair = options.keyPair ?? (await generateControllerKeyPair(options.now ?? new Date()));
  await mkdir(target, { recursive: true, mode: 0o700 });
  const keyPath = join(target, KEY_FILE);
  const certPath = join(target, CERT_FILE);
  await writeNew(keyPath, pair.privateKeyPem, 0o600, dir);
  try {
    await writeNew(certPath, pair.certificatePem, 0o644, dir);
  } catch (error) {
    await rm(keyPath, { force: true });
    throw error;
  }
  const commands = loadKeyCommands({
    keyPath,
    certPath,
    namespace: options.controllerNamespace ?? 'kube-system',
    controllerName: options.controllerName ?? 'sealed-secrets-controller',
    secretName: options.secretName ?? 'sealed-secrets-key-gitops',
  });
  return { keyPath, certPath, certificatePem: pair.certificatePem, commands };
}

/**
 * The steps of docs/bring-your-own-certificates.md: a TLS Secret in the controller's namespace,
 * labelled `sealedsecrets.bitnami.com/sealed-secrets-key=active`, then a controller restart so it
 * reads its keys again. The docs delete the pod by the label of the plain manifest
 * (`name=sealed-secrets-controller`); the Helm chart labels pods differently, so restart the
 * Deployment, which has the controller's name in both installs.
 */
function loadKeyCommands(p: {
  keyPath: string;
  certPath: string;
  namespace: string;
  controllerName: string;
  secretName: string;
}): string[] {
  const ns = shellQuote(p.namespace);
  const secret = shellQuote(p.secretName);
  return [
    `kubectl -n ${ns} create secret tls ${secret} --cert=${shellQuote(p.certPath)} --key=${shellQuote(p.keyPath)}`,
    `kubectl -n ${ns} label secret ${secret} ${ACTIVE_KEY_LABEL}`,
    `kubectl -n ${ns} rollout restart deployment/${shellQuote(p.controllerName)}`,
  ];
}

async function writeNew(path: string, text: string, mode: number, dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(path, 'wx', mode);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      throw new UserError(
        `${FIELD} ${dir}`,
        `already holds ${path.slice(path.lastIndexOf('/') + 1)}`,
        'an empty directory: an existing key may be the only backup',
      );
    }
    throw new UserError(`${FIELD} ${dir}`, `cannot write ${path} (${code ?? 'error'})`);
  }
  try {
    await handle.writeFile(text);
    await handle.chmod(mode); // the umask may have narrowed or the file pre-existed with other bits
  } finally {
    await handle.close();
  }
}

/** True when `child` is `parent` or below it, following symlinks of the parts that exist. */
async function isInside(child: string, parent: string): Promise<boolean> {
  const [c, p] = await Promise.all([realpathOfExisting(child), realpathOfExisting(parent)]);
  const rel = relative(p, c);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

async function realpathOfExisting(path: string): Promise<string> {
  const rest: string[] = [];
  let current = path;
  for (;;) {
    try {
      return join(await realpath(current), ...rest.reverse());
    } catch {
      const parent = dirname(current);
      if (parent === current) return path;
      rest.push(current.slice(parent.length).replace(/^\//, ''));
      current = parent;
    }
  }
}

function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./=:@%+-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
