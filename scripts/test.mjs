#!/usr/bin/env node
// npm test: the build, the type check, lint and both test projects at once. On a 2-core machine the
// single-threaded tools (tsc, ESLint, knip) and the tests' child processes (the built
// CLI, kubectl, npm) fill each other's idle time; run one after the other they take twice as long.
// Each step's output is printed when it ends, whole; the exit code is 1 when any step failed.
import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));

/** Runs a command; resolves with its exit code and everything it printed. */
function run(label, command, args, { stream = false, nice = 0 } = {}) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '1' },
    });
    try {
      if (nice && child.pid) setPriority(child.pid, nice);
    } catch {
      // the step already ended, or this system does not allow it: it runs at normal priority
    }
    let output = '';
    const collect = (chunk) => {
      if (stream) process.stdout.write(chunk);
      else output += chunk;
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (error) => (output += `${error.message}\n`));
    child.on('close', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      process.stdout.write(`${output}${code === 0 ? 'ok' : 'FAILED'}: ${label} (${seconds} s)\n`);
      resolve(code ?? 1);
    });
  });
}

// Only e2e runs the built CLI and the package: the build goes first in its lane, beside the rest.
// The type check and ESLint are one single-threaded process, the longest step: the others run at
// a lower priority (nice 5, their children too), so it is not the last to end with a core idle.
const codes = await Promise.all([
  // tsc --noEmit and eslint . sharing one TypeScript program (scripts/typecheck-lint.mjs)
  run('typecheck and eslint', process.execPath, ['scripts/typecheck-lint.mjs']),
  run('biome format', bin('biome'), ['format', '.'], { nice: 5 }),
  // --cache: knip keeps each file's analysis in node_modules/.cache/knip, by content
  run('knip', bin('knip'), ['--cache'], { nice: 5 }),
  // Two vitest processes: the unit project gets one worker (the lint tools keep the other core
  // busy), e2e two threads (mostly waiting for kubectl and the built CLI). vitest cannot give two
  // projects of one run different worker counts without running them one after the other.
  // e2e's output is printed whole when it ends, so the two do not interleave.
  run('vitest unit', bin('vitest'), ['run', '--project', 'unit', '--maxWorkers=1'], { stream: true, nice: 5 }),
  run('build', process.execPath, ['scripts/build.mjs'], { nice: 5 }).then((code) =>
    code === 0 ? run('vitest e2e', bin('vitest'), ['run', '--project', 'e2e'], { nice: 5 }) : code,
  ),
]);
process.exit(codes.every((code) => code === 0) ? 0 : 1);
