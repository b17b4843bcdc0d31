import type { RandomSource } from '../core/random.js';
import type { ControllerKeyPair } from '../secrets/controller-key.js';
import type { Kustomize } from './repository.js';

/** The process edges a command touches, injectable for tests. */
export interface CommandIO {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Defaults: crypto randomness and the clock. Tests inject deterministic ones. */
  random?: RandomSource;
  now?: Date;
  /**
   * Makes the key pair of --new-controller-key. Default: a new RSA-4096 pair
   * (secrets/controller-key.ts), about a CPU-second or more; in-process tests inject one built
   * from a fixed key, as they inject randomness.
   */
  newControllerKeyPair?: (now: Date) => Promise<ControllerKeyPair>;
  /**
   * Runs `kubectl kustomize` for validate. Default: kubectl in a child process
   * (io/repository.ts); in-process tests inject one that reuses kubectl's output for the same files.
   */
  kustomize?: Kustomize;
}

export function processIO(): CommandIO {
  return {
    // A getter: creating process.stdin loads Node's stream and readline code, which --help and
    // --version never need (README "Performance").
    get stdin() {
      return process.stdin;
    },
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  };
}

export function println(stream: NodeJS.WritableStream, text = ''): void {
  stream.write(`${text}\n`);
}
