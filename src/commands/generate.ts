import { createTwoFilesPatch } from 'diff';
import type { Answers } from '../answers/schema.js';
import { UserError } from '../core/errors.js';
import { println, type CommandIO } from '../io/command-io.js';
import {
  classify,
  countChanges,
  rerenderChanges,
  resolvePlan,
  type FileClass,
  type OnConflict,
  type PlannedFile,
} from '../plan/classify.js';
import { cryptoRandom } from '../core/random.js';
import { repositoryTree } from './repository-tree.js';
import { pendingMessage, secretNames, type ProvidedSecret } from '../secrets/environment.js';
import { sealEnvironment } from '../secrets/scaffold.js';
import type { CertificateSource } from '../secrets/sealing.js';
import { hasCertificateSource, repositorySealer, type KubesealUse } from './sealer.js';
import { STATE_FILE, type RepositoryState } from '../plan/state.js';
import { generatorVersion } from '../io/version.js';
import { readDisk, writeTree } from '../io/write.js';

export interface GenerateOptions {
  certificate: CertificateSource;
  kubeseal: KubesealUse;
  dryRun: boolean;
  diff: boolean;
  onConflict: OnConflict;
}

type SealedFiles = Map<string, { file: string; text: string }[]>;

/**
 * Render the repository for these answers and bring target in line with it: the one path for a
 * first scaffold, a re-run and an upgrade. Nothing is written unless the whole plan can be
 * applied; existing SealedSecrets are kept as they are, only missing secrets are sealed.
 */
export async function generate(
  answers: Answers,
  target: string,
  state: RepositoryState | undefined,
  options: GenerateOptions,
  io: CommandIO,
): Promise<number> {
  const disk = readDisk(target);
  const existing = existingSealedSecrets(answers, disk);
  const missing = missingSecrets(answers, existing);
  // Conflicts stop a run before anything happens, sealing included (which may write a new controller key).
  if (!options.dryRun && options.onConflict === 'abort' && disk.size > 0) {
    refuseConflicts(
      classify(
        repositoryTree(answers, { generatorVersion: generatorVersion(), sealedSecrets: existing }),
        state?.files ?? {},
        disk,
      ),
    );
  }
  const sealing = await sealMissing(answers, target, missing, options, io);
  const sealedSecrets: SealedFiles = new Map(
    answers.environments.map((env) => [
      env.name,
      [...(existing.get(env.name) ?? []), ...(sealing.files.get(env.name) ?? [])],
    ]),
  );

  const tree = repositoryTree(answers, { generatorVersion: generatorVersion(), sealedSecrets });
  const plan = classify(tree, state?.files ?? {}, disk);
  const conflicts = plan.filter((f) => f.class === 'conflict');

  if (options.dryRun || state) printPlan(plan, io, options.dryRun);
  if (options.diff) printDiffs(plan, io);
  if (options.dryRun) {
    if (hasCertificateSource(options.certificate) && missing.size > 0)
      println(io.stdout, `secrets would be generated and sealed for ${[...missing.keys()].join(', ')}`);
    if (conflicts.length > 0)
      println(
        io.stdout,
        `${conflicts.length} conflicts: a real run stops unless --on-conflict keep or overwrite is given`,
      );
    println(io.stdout, `dry run: ${countChanges(plan)} changes; nothing written`);
    return 0;
  }
  if (options.onConflict === 'abort') refuseConflicts(plan);

  const { write, remove, kept } = resolvePlan(plan, options.onConflict);
  writeTree(write, target, remove);
  println(io.stdout, summary(plan, kept, target));
  for (const note of sealing.notes) println(io.stdout, note);
  printPending(missing, sealing, target, options, io);
  if (!state) {
    println(io.stdout);
    println(io.stdout, 'Next:');
    for (const env of answers.environments) println(io.stdout, `  kubectl kustomize ${target}/overlays/${env.name}`);
  }
  return 0;
}

/**
 * `--check`: the plan of a re-run with these answers, without sealing or writing anything. Exit 1
 * listing the files a re-render would change, 0 when there are none.
 */
export function check(answers: Answers, target: string, state: RepositoryState, diff: boolean, io: CommandIO): number {
  const disk = readDisk(target);
  const tree = repositoryTree(answers, {
    generatorVersion: generatorVersion(),
    sealedSecrets: existingSealedSecrets(answers, disk),
  });
  const changes = rerenderChanges(classify(tree, state.files, disk), state.files);
  if (changes.length === 0) {
    println(io.stdout, `ok: ${target} is what its ${STATE_FILE} renders`);
    return 0;
  }
  println(
    io.stdout,
    `${changes.length} file${changes.length === 1 ? '' : 's'} differ from what the answers in ${STATE_FILE} render:`,
  );
  for (const file of changes)
    println(io.stdout, `  ${file.class === 'conflict' ? 'edited, and changed' : file.class} ${file.path}`);
  if (diff) printDiffs(changes, io);
  println(
    io.stdout,
    `Run create-inngest-gitops in ${target} to render them (--dry-run --diff shows the plan first), then commit the result.`,
  );
  return 1;
}

function refuseConflicts(plan: PlannedFile[]): void {
  const conflicts = plan.filter((f) => f.class === 'conflict');
  if (conflicts.length === 0) return;
  throw new UserError(
    '--on-conflict',
    `${conflicts.length} generated file${conflicts.length === 1 ? ' was' : 's were'} edited since: ${conflicts.map((f) => f.path).join(', ')}`,
    'keep your edits with --on-conflict keep, replace them with --on-conflict overwrite, or see them with --diff',
  );
}

/** SealedSecrets already in secrets/<env>/: a re-run keeps them byte for byte. */
function existingSealedSecrets(answers: Answers, disk: Map<string, string>): SealedFiles {
  const out: SealedFiles = new Map();
  for (const env of answers.environments) {
    const prefix = `secrets/${env.name}/`;
    const files = [...disk]
      .filter(
        ([path]) =>
          path.startsWith(prefix) &&
          path.endsWith('.yaml') &&
          !path.slice(prefix.length).includes('/') &&
          path !== `${prefix}kustomization.yaml`,
      )
      .map(([path, text]) => ({ file: path.slice(prefix.length), text }));
    out.set(env.name, files);
  }
  return out;
}

function missingSecrets(answers: Answers, existing: SealedFiles): Map<string, Set<string>> {
  const missing = new Map<string, Set<string>>();
  for (const env of answers.environments) {
    const have = new Set((existing.get(env.name) ?? []).map((f) => f.file.replace(/\.yaml$/, '')));
    const need = secretNames(answers, env).filter((name) => !have.has(name));
    if (need.length > 0) missing.set(env.name, new Set(need));
  }
  return missing;
}

interface Sealing {
  files: SealedFiles;
  notes: string[];
  pending: { env: string; secret: ProvidedSecret }[];
}

async function sealMissing(
  answers: Answers,
  target: string,
  missing: Map<string, Set<string>>,
  options: GenerateOptions,
  io: CommandIO,
): Promise<Sealing> {
  const result: Sealing = { files: new Map(), notes: [], pending: [] };
  if (missing.size === 0 || options.dryRun || !hasCertificateSource(options.certificate)) return result;
  const random = io.random ?? cryptoRandom;
  const { sealer, notes } = await repositorySealer(answers.sealing, options.certificate, {
    env: io.env,
    now: io.now ?? new Date(),
    random,
    targetRepo: target,
    kubeseal: options.kubeseal,
  });
  let count = 0;
  for (const env of answers.environments) {
    const only = missing.get(env.name);
    if (!only) continue;
    const sealed = sealEnvironment(answers, env, sealer, random, io.env, only);
    result.files.set(env.name, sealed.files);
    result.pending.push(...sealed.pending.map((secret) => ({ env: env.name, secret })));
    count += sealed.files.length;
  }
  result.notes = [...notes, `Sealed ${count} secrets for ${result.files.size} environments with the ${sealer.how}.`];
  return result;
}

function printPending(
  missing: Map<string, Set<string>>,
  sealing: Sealing,
  target: string,
  options: GenerateOptions,
  io: CommandIO,
): void {
  if (!hasCertificateSource(options.certificate) && missing.size > 0) {
    println(io.stdout);
    println(
      io.stdout,
      `Secrets not sealed yet (no certificate given): ${[...missing].map(([env, names]) => `${env} (${[...names].join(', ')})`).join('; ')}.`,
    );
    println(io.stdout, 'Seal them with:');
    println(io.stdout, `  create-inngest-gitops secrets ${target} --cert <controller certificate>`);
  }
  for (const { env, secret } of sealing.pending) {
    println(io.stdout, pendingMessage(env, secret, target));
  }
}

const ORDER: FileClass[] = ['create', 'update', 'delete', 'conflict', 'unchanged', 'user'];

function printPlan(plan: PlannedFile[], io: CommandIO, verbose: boolean): void {
  for (const cls of ORDER) {
    const files = plan.filter((f) => f.class === cls);
    if (files.length === 0) continue;
    if (!verbose && (cls === 'unchanged' || cls === 'user')) continue;
    println(io.stdout, `${cls} (${files.length}):`);
    for (const file of files) println(io.stdout, `  ${file.path}`);
  }
}

function printDiffs(plan: PlannedFile[], io: CommandIO): void {
  for (const file of plan.filter((f) => f.class === 'update' || f.class === 'conflict' || f.class === 'delete')) {
    io.stdout.write(
      createTwoFilesPatch(
        `a/${file.path}`,
        `b/${file.path}`,
        file.current ?? '',
        file.next ?? '',
        undefined,
        undefined,
        { context: 3 },
      ),
    );
  }
}

function summary(plan: PlannedFile[], kept: string[], target: string): string {
  const count = (cls: FileClass) => plan.filter((f) => f.class === cls).length;
  const changes = countChanges(plan) - kept.length;
  const parts = [`${count('create')} created`, `${count('update')} updated`, `${count('delete')} deleted`];
  if (kept.length > 0) parts.push(`${kept.length} conflicts kept as edited`);
  return `${changes} changes in ${target}: ${parts.join(', ')}.`;
}
