/**
 * The CLI in-process: `main(argv, io)` from src/cli.ts with an injected CommandIO, the way unit
 * tests run a command. stdin is closed and not a TTY. The environment holds only what the test
 * gives (no PATH: no kubeseal is found, so the built-in sealer seals), whatever the machine has.
 * Randomness is seeded (a different seed for every run) and the clock fixed inside the demo
 * certificate's validity, unless the test gives its own. --new-controller-key certifies the demo
 * key instead of generating one (demoControllerKeyPair). validate's kubectl outputs are kept for the
 * same files (keptKustomize, test/helpers/kubectl.ts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { main } from '../../src/cli.js';
import { seededRandom, type RandomSource } from '../../src/core/random.js';
import type { CommandIO } from '../../src/io/command-io.js';
import { repoRoot, tempDir, type CliResult } from './cli.js';
import { demoControllerKeyPair, NOW, TEST_CERT_PATH } from './keys.js';
import { keptKustomize } from './kubectl.js';
import { displayPath } from '../../src/io/paths.js';
import type { PartialAnswers } from '../../src/answers/schema.js';

/** A stream that keeps what is written, synchronously. */
class Collector extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.text += chunk.toString();
    done();
  }
}

export interface MainOptions {
  cwd?: string;
  /** The command's whole environment (io.env); empty by default. */
  env?: NodeJS.ProcessEnv;
  input?: string;
  random?: RandomSource;
  now?: Date;
}

/**
 * A path as commands run by runMain print it: relative to its default cwd (this repository), or
 * absolute when that is shorter. Which one depends on where the repository is cloned.
 */
export function asShown(path: string): string {
  return displayPath(path, repoRoot);
}

let runs = 0;

export async function runMain(args: string[], options: MainOptions = {}): Promise<CliResult> {
  const stdout = new Collector();
  const stderr = new Collector();
  const io: CommandIO = {
    stdin: Object.assign(Readable.from([options.input ?? '']), { isTTY: false }),
    stdout,
    stderr,
    env: { ...options.env },
    cwd: options.cwd ?? repoRoot,
    random: options.random ?? seededRandom(`${args.join(' ')} #${(runs += 1)}`),
    now: options.now ?? NOW,
    newControllerKeyPair: demoControllerKeyPair,
    kustomize: keptKustomize,
  };
  const status = await main(args, io);
  return { status, stdout: stdout.text, stderr: stderr.text };
}

/** An answers file (JSON) in a new temporary folder. */
export function writeConfig(config: PartialAnswers): string {
  const file = join(tempDir(), 'answers.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

/**
 * A repository scaffolded in-process with these answers (and arguments), every secret sealed with
 * the test certificate. The repository URL defaults to one on github.com, as validate requires one.
 */
export async function scaffoldSealed(config: PartialAnswers, ...args: string[]): Promise<string> {
  const dir = join(tempDir(), 'repo');
  const answers = { repoURL: 'https://github.com/acme/inngest-gitops.git', ...config };
  const result = await runMain([dir, '--config', writeConfig(answers), '--cert', TEST_CERT_PATH, ...args]);
  if (result.status !== 0) throw new Error(result.stderr);
  return dir;
}
