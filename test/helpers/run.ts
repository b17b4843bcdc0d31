import { PassThrough } from 'node:stream';
import { main } from '../../src/cli.js';
import { seededRandom } from '../../src/core/random.js';
import { NOW } from '../seal/keys.js';

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * A command run in-process through main(argv, io), the way the CLI runs it, with no terminal,
 * a seeded random source and a fixed clock inside the demo certificate's validity. `env` is the
 * whole process environment the command sees (no PATH: kubeseal is never found).
 */
let runs = 0;

export async function run(argv: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  const stdin = Object.assign(new PassThrough(), { isTTY: false });
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const text = { out: '', err: '' };
  stdout.on('data', (d: Buffer) => (text.out += d.toString()));
  stderr.on('data', (d: Buffer) => (text.err += d.toString()));
  const status = await main(argv, {
    stdin,
    stdout,
    stderr,
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    random: seededRandom(`${argv.join(' ')} #${(runs += 1)}`),
    now: NOW,
  });
  return { status, stdout: text.out, stderr: text.err };
}
