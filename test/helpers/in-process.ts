import { PassThrough } from 'node:stream';
import { main } from '../../src/cli.js';
import type { CliResult } from './cli.js';

/** Runs the CLI in this process (`main(argv, io)`), as a user would in `cwd`, without a terminal. */
export async function runMain(argv: string[], cwd: string): Promise<CliResult> {
  const stdin = Object.assign(new PassThrough(), { isTTY: false });
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const text = { out: '', err: '' };
  stdout.on('data', (d: Buffer) => (text.out += d.toString()));
  stderr.on('data', (d: Buffer) => (text.err += d.toString()));
  const status = await main(argv, { stdin, stdout, stderr, env: {}, cwd });
  return { status, stdout: text.out, stderr: text.err };
}
