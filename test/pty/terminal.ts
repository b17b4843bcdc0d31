/**
 * The built CLI under a pseudo-terminal (test/pty/drive.py, Python's pty module), and what a
 * terminal shows after its output: the bytes replayed into a terminal emulator (@xterm/headless,
 * the engine of VS Code's terminal) to get the screen, scrollback included.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as XtermHeadless from '@xterm/headless';
import { binPath, tempDir } from '../helpers/cli.js';

const require = createRequire(import.meta.url);
// The package's "module" field names a file it does not ship; its CommonJS main is complete.
const { Terminal } = require('@xterm/headless') as typeof XtermHeadless;

const DRIVER = fileURLToPath(new URL('./drive.py', import.meta.url));

export const KEY = {
  enter: '\r',
  down: '\u001b[B',
  up: '\u001b[A',
  space: ' ',
  backspace: '\u007f',
  ctrlC: '\u0003',
  ctrlU: '\u0015',
  esc: '\u001b',
} as const;

/** Wait for `expect` (a regular expression) in the output, then press the keys one at a time. */
export interface Step {
  expect: string;
  keys?: string[];
}

/** Typing a word: one key per character. */
export const typed = (text: string): string[] => [...text];

export interface Session {
  home: string;
  cwd: string;
  target: string;
  env: NodeJS.ProcessEnv;
}

/** PATH without kubeseal, so the sealing choices do not depend on this machine. */
const PATH = (process.env.PATH ?? '')
  .split(':')
  .filter((d) => !existsSync(join(d, 'kubeseal')))
  .join(':');

export function newSession(env: NodeJS.ProcessEnv = {}): Session {
  const home = tempDir('cig-pty-home-');
  const cwd = tempDir('cig-pty-cwd-');
  const gitconfig = join(home, 'gitconfig');
  writeFileSync(gitconfig, '[user]\n\tname = Test\n\temail = test@example.com\n');
  return {
    home,
    cwd,
    target: join(cwd, 'repo'),
    env: {
      PATH,
      HOME: home,
      XDG_CONFIG_HOME: join(home, 'config'),
      GIT_CONFIG_GLOBAL: gitconfig,
      GIT_CONFIG_NOSYSTEM: '1',
      TERM: 'xterm-256color',
      NO_COLOR: '1',
      ...env,
    },
  };
}

export interface Run {
  status: number;
  /** Everything the CLI wrote to the terminal, as bytes. */
  output: Buffer;
  /** Set when a step's text never appeared. */
  error: string | null;
}

export function runInTerminal(
  session: Session,
  args: string[],
  steps: Step[],
  size: { columns: number; rows: number } = { columns: 80, rows: 24 },
): Run {
  const script = {
    argv: [process.execPath, binPath, ...args],
    cwd: session.cwd,
    env: session.env,
    columns: size.columns,
    rows: size.rows,
    timeout: 120,
    steps,
  };
  const result = spawnSync('python3', [DRIVER], {
    input: JSON.stringify(script),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`drive.py failed: ${result.stderr}`);
  const parsed = JSON.parse(result.stdout) as { status: number; output: string; error: string | null };
  return { status: parsed.status, output: Buffer.from(parsed.output, 'latin1'), error: parsed.error };
}

/**
 * Every line a terminal of this size holds after the output, scrollback first, trailing blanks
 * trimmed; a line the terminal wrapped is joined back into one.
 */
export async function screenOf(output: Buffer, size: { columns: number; rows: number }): Promise<string[]> {
  const terminal = new Terminal({ cols: size.columns, rows: size.rows, scrollback: 10_000, allowProposedApi: true });
  await new Promise<void>((resolve) => terminal.write(new Uint8Array(output), resolve));
  const lines: string[] = [];
  const buffer = terminal.buffer.active;
  for (let i = 0; i < buffer.length; i++) {
    const line = buffer.getLine(i);
    const text = line?.translateToString(true) ?? '';
    if (line?.isWrapped && lines.length > 0) lines[lines.length - 1] += text;
    else lines.push(text);
  }
  terminal.dispose();
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
