/**
 * Writing a new Sealed Secrets controller key pair (../secrets/controller-key.ts makes it) into a
 * folder outside the repository, and the commands that load it into the controller.
 */
import { mkdir, open, realpath, rm } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UserError } from '../core/errors.js';
import { CONTROLLER_KEY_FILES, loadKeyCommands } from '../model/sealing-key.js';
import { generateControllerKeyPair, type ControllerKeyPair } from '../secrets/controller-key.js';
import { homeForm } from './paths.js';

export interface WriteControllerKeyOptions {
  /** The repository being generated; the private key must never land inside it. */
  targetRepo: string;
  controllerNamespace?: string;
  /** The home folder: the commands name a key under it as $HOME/…. */
  home: string;
  now?: Date;
  /** A pair made earlier; generated when absent. */
  keyPair?: ControllerKeyPair;
}

export interface WrittenControllerKey {
  readonly keyPath: string;
  readonly certPath: string;
  /** The folder as the commands and the answers name it: `~/…` under home, else absolute. */
  readonly folder: string;
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
  const keyPath = join(target, CONTROLLER_KEY_FILES.key);
  const certPath = join(target, CONTROLLER_KEY_FILES.certificate);
  await writeNew(keyPath, pair.privateKeyPem, 0o600, dir);
  try {
    await writeNew(certPath, pair.certificatePem, 0o644, dir);
  } catch (error) {
    await rm(keyPath, { force: true });
    throw error;
  }
  const folder = homeForm(target, options.home);
  const commands = loadKeyCommands(folder, options.controllerNamespace ?? 'kube-system');
  return { keyPath, certPath, folder, certificatePem: pair.certificatePem, commands };
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
