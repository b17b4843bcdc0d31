#!/usr/bin/env node
// npm run bench: what `npx create-inngest-gitops` costs on this machine (README "Performance").
// Not a test: it measures and prints, it asserts nothing.
//
// The package is packed and installed into a temporary project (offline: it has no
// dependencies), and every figure is for that installed copy, the way a user runs it.
// Each command runs RUNS times after one warm-up; the table gives medians of wall time and of
// peak memory (maximum resident set size, from /usr/bin/time -f %M, or else a small wrapper
// that reads process.resourceUsage() of the child). kubeseal is kept off PATH so the scaffold
// and the seal command use the built-in sealer.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const root = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'cig-bench-'));
const cert = join(root, 'test/fixtures/demo-sealing.crt');
const PATH = (process.env.PATH ?? '')
  .split(delimiter)
  .filter((dir) => dir && !existsSync(join(dir, 'kubeseal')))
  .join(delimiter);
const env = { ...process.env, PATH };
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function sh(command, args, cwd = root) {
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

// ------------------------------------------------------------------ package
const npmEnv = ['--no-audit', '--no-fund', '--ignore-scripts'];
const packed = JSON.parse(sh('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work]))[0];
const project = join(work, 'project');
mkdirSync(project);
writeFileSync(join(project, 'package.json'), '{"name":"bench","version":"1.0.0","private":true}\n');
sh('npm', ['install', '--offline', ...npmEnv, join(work, packed.filename)], project);
const installedDir = join(project, 'node_modules/create-inngest-gitops');
const bin = join(installedDir, 'bin/create-inngest-gitops.js');
const dirBytes = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce(
    (n, e) => n + (e.isDirectory() ? dirBytes(join(dir, e.name)) : statSync(join(dir, e.name)).size),
    0,
  );
const installedBytes = dirBytes(installedDir);
const manifest = JSON.parse(readFileSync(join(installedDir, 'package.json'), 'utf8'));

// ------------------------------------------------------------------ measuring
/** One run of a command: wall milliseconds and peak RSS in KiB (NaN when it cannot be known). */
function measureOnce(command, args, cwd) {
  const rssFile = join(work, 'rss.txt');
  rmSync(rssFile, { force: true });
  let argv = [command, args];
  if (TIME) argv = [TIME, ['-f', '%M', '-o', rssFile, command, ...args]];
  else if (command === process.execPath) argv = [command, ['--import', RSS_HOOK, ...args]];
  const start = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv[1], {
    cwd,
    env: { ...env, BENCH_RSS_FILE: rssFile },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const rss = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) : NaN;
  return { ms, rss };
}
// Without /usr/bin/time, a Node child reports its own peak: process.resourceUsage().maxRSS (KiB) at exit.
const RSS_HOOK = `data:text/javascript,${encodeURIComponent(
  "import{writeFileSync}from'node:fs';process.on('exit',()=>writeFileSync(process.env.BENCH_RSS_FILE,String(process.resourceUsage().maxRSS)));",
)}`;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * A scenario is one or more commands run one after the other: times add up, memory is the peak.
 * Scenarios are interleaved (run 1 of each, then run 2 of each, ...) so that a change in the
 * machine's load during the bench affects every figure alike; run 0 is a warm-up.
 */
function benchAll(scenarios) {
  const samples = scenarios.map(() => ({ times: [], rsses: [] }));
  for (let i = 0; i <= RUNS; i++) {
    scenarios.forEach((scenario, k) => {
      let ms = 0;
      let rss = 0;
      for (const step of scenario.steps) {
        const { command, args, cwd } = typeof step === 'function' ? step(i) : step;
        const m = measureOnce(command, args, cwd ?? project);
        ms += m.ms;
        rss = Number.isNaN(m.rss) || Number.isNaN(rss) ? NaN : Math.max(rss, m.rss);
      }
      if (i > 0) {
        samples[k].times.push(ms);
        samples[k].rsses.push(rss);
      }
    });
    process.stderr.write(i === 0 ? '  warm-up done\n' : `  run ${i}/${RUNS} done\n`);
  }
  return Object.fromEntries(
    scenarios.map((scenario, k) => [
      scenario.id,
      {
        name: scenario.name,
        ms: median(samples[k].times),
        min: Math.min(...samples[k].times),
        rss: median(samples[k].rsses),
      },
    ]),
  );
}

const node = (...args) => ({ command: process.execPath, args });
const cli = (...args) => ({ command: process.execPath, args: [bin, ...args] });

// A reference scaffold for kustomize and validate (the timed scaffolds each write a new folder).
const reference = join(work, 'reference');
// With a repository URL: validate reports an Application without one as a problem (exit 1).
sh(
  process.execPath,
  [
    bin,
    reference,
    '--yes',
    '--cert',
    cert,
    '--no-kubeseal',
    '--repo-url',
    'https://github.com/acme/inngest-gitops.git',
  ],
  project,
);
const sealedCount = readdirSync(join(reference, 'secrets')).reduce(
  (n, envDir) => n + readdirSync(join(reference, 'secrets', envDir)).filter((f) => f !== 'kustomization.yaml').length,
  0,
);
const envs = readdirSync(join(reference, 'overlays'));
const kubectl = spawnSync('kubectl', ['version', '--client'], { env, encoding: 'utf8' }).status === 0;
// `validate --help` without a validate command is the scaffold's own --help (validate taken as
// the target folder), so look at which usage it prints.
const validateHelp = spawnSync(process.execPath, [bin, 'validate', '--help'], { env, encoding: 'utf8' });
const hasValidate = validateHelp.status === 0 && /^Usage: create-inngest-gitops validate/m.test(validateHelp.stdout);

const scenarios = [
  { id: 'floor', name: 'node -e 0 (floor)', steps: [node('-e', '0')] },
  { id: 'help', name: 'create-inngest-gitops --help', steps: [cli('--help')] },
  { id: 'version', name: 'create-inngest-gitops --version', steps: [cli('--version')] },
  { id: 'printConfig', name: 'create-inngest-gitops --print-config', steps: [cli('--print-config')] },
  {
    id: 'scaffold',
    name: `scaffold --yes, ${envs.length} environments, every secret sealed`,
    steps: [
      (i) => {
        const dir = join(work, `scaffold-${i}`);
        rmSync(dir, { recursive: true, force: true });
        return cli(dir, '--yes', '--cert', cert, '--no-kubeseal');
      },
    ],
  },
  {
    id: 'seal',
    name: 'seal one secret (RSA-4096, built-in sealer)',
    steps: [cli('seal', '--from-literal', 'a=b', '--name', 'x', '--namespace', 'y', '--cert', cert, '--no-kubeseal')],
  },
];
if (kubectl) {
  scenarios.push({
    id: 'kustomize',
    name: `kubectl kustomize, ${envs.length} overlays`,
    steps: envs.map((e) => ({ command: 'kubectl', args: ['kustomize', join(reference, 'overlays', e)] })),
  });
}
if (hasValidate)
  scenarios.push({
    id: 'validate',
    name: `validate, ${envs.length} environments`,
    steps: [cli('validate', reference)],
  });

process.stderr.write(
  `bench: ${RUNS} interleaved runs of ${scenarios.length} commands after a warm-up; installed copy in ${project}\n`,
);
const rows = benchAll(scenarios);

// ------------------------------------------------------------------ report
const fmtMs = (ms) => `${ms.toFixed(0)} ms`;
const fmtMiB = (kib) => (Number.isNaN(kib) ? 'n/a' : `${(kib / 1024).toFixed(0)} MiB`);
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
const lines = [];
lines.push(
  `Date: ${new Date().toISOString().slice(0, 10)}. Machine: ${cpus().length} CPUs (nproc ${sh('nproc', []).trim()}, ${cpus()[0]?.model?.trim() ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory (${(freemem() / 2 ** 30).toFixed(1)} GiB free), load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(
      ' ',
    )} at the end, Node ${process.version}, ${kubectl ? sh('kubectl', ['version', '--client']).split('\n')[0] : 'no kubectl'}.`,
);
lines.push(
  `Medians (and fastest) of ${RUNS} interleaved runs after one warm-up; ratios are of medians; peak memory is maximum RSS (${TIME ? '/usr/bin/time -f %M' : 'process.resourceUsage().maxRSS of each Node child; n/a for kubectl'}).`,
);
lines.push('');
lines.push('| command | wall time (median) | fastest | × node -e 0 | peak RSS | target |');
lines.push('|---|---:|---:|---:|---:|---|');
const target = (value, limit, label) => `${label}: ${value <= limit ? 'met' : 'missed'}`;
const row = (r, extra = '') =>
  lines.push(
    `| ${r.name} | ${fmtMs(r.ms)} | ${fmtMs(r.min)} | ${ratio(r.ms, rows.floor.ms)} | ${fmtMiB(r.rss)} | ${extra} |`,
  );
row(rows.floor, 'the floor');
row(rows.help, target(rows.help.ms / rows.floor.ms, 1.5, '≤ 1.5×'));
row(rows.version);
row(rows.printConfig);
row(rows.scaffold, `${target(rows.scaffold.ms / rows.floor.ms, 4, '≤ 4×')} (${sealedCount} SealedSecrets)`);
row(rows.seal);
if (rows.kustomize) row(rows.kustomize, 'the reference for validate');
if (rows.validate) {
  row(
    rows.validate,
    rows.kustomize
      ? `${ratio(rows.validate.ms, rows.kustomize.ms)} kustomize; ${target(rows.validate.ms / rows.kustomize.ms, 3, '≤ 3× kustomize')}`
      : '',
  );
}
lines.push('');
if (!hasValidate)
  lines.push('validate: not measured, this build has no `validate` subcommand (`validate --help` failed).');
lines.push(
  `Package: ${packed.size.toLocaleString('en')} bytes packed, ${packed.unpackedSize.toLocaleString('en')} bytes unpacked, ` +
    `${installedBytes.toLocaleString('en')} bytes installed (${target(installedBytes, 1_500_000, '≤ 1.5 MB')}), ` +
    `${packed.entryCount} files, ${Object.keys(manifest.dependencies ?? {}).length} runtime dependencies.`,
);
console.log(lines.join('\n'));
rmSync(work, { recursive: true, force: true });
