import { PassThrough } from 'node:stream';
import { main } from '../../src/cli.js';
import { seededRandom } from '../../src/core/random.js';
import type { CliResult } from './cli.js';

/**
 * Runs the CLI in-process through `main(argv, io)`, the way bin/ does, with stdin closed (no TTY),
 * a fixed clock inside the demo certificate's validity and seeded randomness.
 */
export async function runMain(
  argv: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; now?: Date } = { cwd: process.cwd() },
): Promise<CliResult> {
  const stdin = Object.assign(new PassThrough(), { isTTY: false });
  stdin.end();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const status = await main(argv, {
    stdin,
    stdout,
    stderr,
    env: options.env ?? {},
    cwd: options.cwd,
    now: options.now ?? new Date('2026-06-01T12:00:00Z'),
    random: seededRandom('main-helper'),
  });
  return { status, stdout: out, stderr: err };
}
