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
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, freemem, tmpdir, totalmem } from 'node:os';
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
const dirBytes = (dir) => readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? dirBytes(join(dir, e.name)) : statSync(join(dir, e.name)).size), 0);
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
  const r = spawnSync(argv[0], argv[1], { cwd, env: { ...env, BENCH_RSS_FILE: rssFile }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
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

/** A scenario is one or more commands run one after the other; time adds up, memory is the peak. */
function bench(name, steps) {
  const times = [];
  const rsses = [];
  for (let i = 0; i <= RUNS; i++) {
    let ms = 0;
    let rss = 0;
    for (const step of steps) {
      const { command, args, cwd } = typeof step === 'function' ? step(i) : step;
      const m = measureOnce(command, args, cwd ?? project);
      ms += m.ms;
      rss = Number.isNaN(m.rss) || Number.isNaN(rss) ? NaN : Math.max(rss, m.rss);
    }
    if (i > 0) {
      times.push(ms);
      rsses.push(rss);
    }
  }
  const row = { name, ms: median(times), min: Math.min(...times), rss: median(rsses) };
  process.stderr.write(`  ${name}: ${row.ms.toFixed(0)} ms\n`);
  return row;
}

const node = (...args) => ({ command: process.execPath, args });
const cli = (...args) => ({ command: process.execPath, args: [bin, ...args] });

process.stderr.write(`bench: ${RUNS} runs each (after one warm-up), installed copy in ${project}\n`);
const rows = {};
rows.floor = bench('node -e 0 (floor)', [node('-e', '0')]);
rows.help = bench('create-inngest-gitops --help', [cli('--help')]);
rows.version = bench('create-inngest-gitops --version', [cli('--version')]);
rows.printConfig = bench('create-inngest-gitops --print-config', [cli('--print-config')]);
let lastScaffold = '';
rows.scaffold = bench('scaffold --yes, 2 environments, every secret sealed', [
  (i) => {
    lastScaffold = join(work, `scaffold-${i}`);
    rmSync(lastScaffold, { recursive: true, force: true });
    return cli(lastScaffold, '--yes', '--cert', cert, '--no-kubeseal');
  },
]);
const sealedCount = readdirSync(join(lastScaffold, 'secrets')).reduce(
  (n, envDir) => n + readdirSync(join(lastScaffold, 'secrets', envDir)).filter((f) => f !== 'kustomization.yaml').length,
  0,
);
const envs = readdirSync(join(lastScaffold, 'overlays'));
rows.seal = bench('seal one secret (RSA-4096, built-in sealer)', [
  cli('seal', '--from-literal', 'a=b', '--name', 'x', '--namespace', 'y', '--cert', cert, '--no-kubeseal'),
]);
const kubectl = spawnSync('kubectl', ['version', '--client'], { env, encoding: 'utf8' }).status === 0;
if (kubectl) {
  rows.kustomize = bench(`kubectl kustomize, ${envs.length} overlays`, envs.map((e) => ({ command: 'kubectl', args: ['kustomize', join(lastScaffold, 'overlays', e)] })));
}
// `validate --help` without a validate command is the scaffold's own --help (validate taken as
// the target folder), so look at which usage it prints.
const validateHelp = spawnSync(process.execPath, [bin, 'validate', '--help'], { env, encoding: 'utf8' });
const hasValidate = validateHelp.status === 0 && /^Usage: create-inngest-gitops validate/m.test(validateHelp.stdout);
if (hasValidate) rows.validate = bench(`validate, ${envs.length} environments`, [cli('validate', lastScaffold)]);

// ------------------------------------------------------------------ report
const fmtMs = (ms) => `${ms.toFixed(0)} ms`;
const fmtMiB = (kib) => (Number.isNaN(kib) ? 'n/a' : `${(kib / 1024).toFixed(0)} MiB`);
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
const lines = [];
lines.push(`Date: ${new Date().toISOString().slice(0, 10)}. Machine: ${cpus().length} CPUs (nproc ${sh('nproc', []).trim()}, ${cpus()[0]?.model?.trim() ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory (${(freemem() / 2 ** 30).toFixed(1)} GiB free), Node ${process.version}, ${kubectl ? sh('kubectl', ['version', '--client']).split('\n')[0] : 'no kubectl'}.`);
lines.push(`Medians of ${RUNS} runs after one warm-up; peak memory is maximum RSS (${TIME ? '/usr/bin/time -f %M' : 'process.resourceUsage().maxRSS of each Node child; n/a for kubectl'}).`);
lines.push('');
lines.push('| command | wall time | × node -e 0 | peak RSS | target |');
lines.push('|---|---:|---:|---:|---|');
const target = (value, limit, label) => `${label}: ${value <= limit ? 'met' : 'missed'}`;
const row = (r, extra = '') => lines.push(`| ${r.name} | ${fmtMs(r.ms)} | ${ratio(r.ms, rows.floor.ms)} | ${fmtMiB(r.rss)} | ${extra} |`);
row(rows.floor, 'the floor');
row(rows.help, target(rows.help.ms / rows.floor.ms, 1.5, '≤ 1.5×'));
row(rows.version);
row(rows.printConfig);
row(rows.scaffold, `${target(rows.scaffold.ms / rows.floor.ms, 4, '≤ 4×')} (${sealedCount} SealedSecrets)`);
row(rows.seal);
if (rows.kustomize) row(rows.kustomize, 'the reference for validate');
if (rows.validate) {
  row(rows.validate, rows.kustomize ? `${ratio(rows.validate.ms, rows.kustomize.ms)} kustomize; ${target(rows.validate.ms / rows.kustomize.ms, 3, '≤ 3× kustomize')}` : '');
}
lines.push('');
if (!hasValidate) lines.push('validate: not measured, this build has no `validate` subcommand (`validate --help` failed).');
lines.push(
  `Package: ${packed.size.toLocaleString('en')} bytes packed, ${packed.unpackedSize.toLocaleString('en')} bytes unpacked, ` +
    `${installedBytes.toLocaleString('en')} bytes installed (${target(installedBytes, 1_500_000, '≤ 1.5 MB')}), ` +
    `${packed.entryCount} files, ${Object.keys(manifest.dependencies ?? {}).length} runtime dependencies.`,
);
console.log(lines.join('\n'));
rmSync(work, { recursive: true, force: true });
