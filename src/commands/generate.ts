import type { Answers, Environment } from '../answers/schema.js';
import { UserError } from '../core/errors.js';
import { cryptoRandom } from '../core/random.js';
import { isRecord } from '../core/records.js';
import { parseYaml } from '../core/yaml.js';
import { println, type CommandIO } from '../io/command-io.js';
import { generatorVersion } from '../io/version.js';
import { writeTree } from '../io/write.js';
import { initRepository } from '../io/git.js';
import { displayPath } from '../io/paths.js';
import { plural, shellQuote } from '../core/text.js';
import { cliCommand } from '../model/cli-command.js';
import { certificateFlag } from '../model/sealing-key.js';
import { firstCommitMessage, nextSteps } from '../render/next-steps.js';
import {
  environmentApplicationName,
  IN_CLUSTER_API,
  KEEP_ON_DELETE,
  providedSecrets,
  secrets,
} from '../model/names.js';
import { scopeOf } from '../model/sealed-scope.js';
import { classify, rerenderChanges, resolvePlan, type OnConflict, type PlannedFile } from '../plan/classify.js';
import {
  namespaceMovePlan,
  removalPlan,
  renamePlan,
  type MovedEnvironment,
  type RenamedProject,
} from '../plan/removal.js';
import { STATE_FILE, withStateFile, type RepositoryState } from '../plan/state.js';
import { inClusterStoresReplaced, storeSwitchPlan } from '../plan/store-switch.js';
import { renderTree, withSealedSecrets, type SealedFiles } from '../render/tree.js';
import type { ProvidedSecret } from '../answers/provided-secrets.js';
import { pendingMessage, secretNames } from '../secrets/environment.js';
import { checkProvidedSecrets, plannedSecrets, sealEnvironment } from '../secrets/scaffold.js';
import type { CertificateSource } from '../secrets/sealing.js';
import { dryRunSummary, printDiffs, printPlan, refuseConflicts, summary } from './plan-output.js';
import { repositoryTree } from './repository-tree.js';
import { hasCertificateSource, repositorySealer, type KubesealUse } from './sealer.js';

export interface GenerateOptions {
  certificate: CertificateSource;
  kubeseal: KubesealUse;
  dryRun: boolean;
  diff: boolean;
  onConflict: OnConflict;
  /** A first scaffold: `git init` on the revision's branch, add, and a first commit. */
  git: boolean;
  /** Printed as `warning: …` after the files are written (a --yes run; the interactive review showed them). */
  warnings: readonly string[];
}

export interface GenerateInput {
  answers: Answers;
  target: string;
  state: RepositoryState | undefined;
  /** The target's files as the plan sees them: after an interrupted run's change was completed. */
  disk: Map<string, string>;
  /** Environments the run removes (--remove-env), by name. */
  removed: readonly string[];
  /** Environments whose in-cluster stores the run may replace with external servers (--allow-data-removal). */
  allowDataRemoval?: readonly string[];
}

/** Secret files to seal per environment, and provided secrets left pending (no values given). */
type ToSeal = Map<string, { files: string[]; pending: ProvidedSecret[]; missing: string[] }>;

/**
 * Render the repository for these answers and bring the target in line with it: the one path for
 * a first scaffold, a re-run and an upgrade. The tree is rendered once; conflicts are decided on
 * it before anything is sealed (sealing may write a new controller key); the SealedSecrets and
 * the state file are then layered on top. Nothing is written unless the whole plan can be
 * applied; existing SealedSecrets are kept byte for byte unless their namespace moved.
 */
export async function generate(input: GenerateInput, options: GenerateOptions, io: CommandIO): Promise<number> {
  const { answers, target, state, disk } = input;
  const version = generatorVersion();
  const shown = displayPath(target, io.cwd);
  const secretsCommand = `${cliCommand(version)} secrets ${shellQuote(shown)}`;
  const recorded = state?.files ?? {};
  const hasCertificate = hasCertificateSource(options.certificate);

  const notes = input.removed.flatMap((name) => removalPlan(removedEnvironment(name, state, disk)));
  const moves = namespaceMoves(answers, state, disk);
  notes.push(...moves.map(namespaceMovePlan));
  const rename = projectRename(answers, state, disk);
  if (rename) notes.push(renamePlan(rename));
  notes.push(...storeSwitches(answers, state, disk, input.allowDataRemoval ?? []));

  const existing = existingSealedSecrets(answers, disk);
  const reseal = toReseal(moves, existing);
  if (reseal.length > 0 && !hasCertificate) {
    throw new UserError(
      '--cert',
      `${reseal.map((r) => `secrets/${r.env}/${r.file}`).join(', ')} ${reseal.length === 1 ? 'is' : 'are'} sealed for the old namespace and must be sealed again for the new one`,
      'pass --cert FILE|URL, --fetch-cert or --new-controller-key DIR',
    );
  }
  for (const { env, file } of reseal)
    existing.set(
      env,
      existing.get(env)!.filter((f) => f.file !== file),
    );
  const toSeal = secretsToSeal(answers, existing, hasCertificate, io.env);
  // A connection string that does not match the answers stops the run before anything is sealed.
  checkProvidedSecrets(
    answers,
    answers.environments.map((env) => ({
      env,
      only: new Set((toSeal.get(env.name)?.files ?? []).map((file) => file.replace(/\.yaml$/, ''))),
    })),
    io.env,
  );
  for (const { env, file } of reseal) {
    if (!toSeal.get(env)?.files.includes(file)) {
      const secret = file.replace(/\.yaml$/, '');
      const variables = Object.values(toSeal.get(env)?.pending.find((p) => p.name === secret)?.keys ?? {});
      throw new UserError(
        '--cert',
        `secrets/${env}/${file} must be sealed again for the new namespace, and its values are yours`,
        variables.length > 0 ? `export ${variables.join(', ')} for this run` : 'seal it again with the secrets command',
      );
    }
  }

  const rendered = renderTree(answers, {
    generatorVersion: version,
    secretFiles: new Map(
      answers.environments.map((env) => [
        env.name,
        [...(existing.get(env.name) ?? []).map((f) => f.file), ...(toSeal.get(env.name)?.files ?? [])],
      ]),
    ),
  });
  const withExisting = withSealedSecrets(rendered, existing);
  const complete = (sealed: SealedFiles) =>
    withStateFile(withSealedSecrets(withExisting, sealed), { generatorVersion: version, answers });
  // Sealed values are random and the plan must not depend on them: placeholders until the plan is decided.
  const plan = classify(complete(placeholders(toSeal)), recorded, disk);

  for (const line of notes) println(io.stdout, line);
  if (options.dryRun || disk.size > 0) printPlan(plan, io, options.onConflict, options.dryRun);
  if (options.diff)
    printDiffs(
      plan.filter((f) => !isSealedSecret(f.path)),
      io,
    );
  if (options.dryRun) {
    for (const line of pendingLines(answers, toSeal, options.certificate, secretsCommand)) println(io.stdout, line);
    for (const line of dryRunSummary(plan, options.onConflict)) println(io.stdout, line);
    return 0;
  }
  if (options.onConflict === 'abort') refuseConflicts(plan);

  // Progress as it happens: the key and the sealing, the write, Git.
  const sealing = await sealAll(answers, target, toSeal, options, io);
  const final = classify(complete(sealing.files), recorded, disk);
  checkSamePlan(plan, final);
  const resolved = resolvePlan(final, options.onConflict);
  writeTree(resolved.write, target, resolved.remove);
  println(io.stdout, summary(final, resolved, shown));
  if (!state && options.git) initGit(answers, target, shown, io);
  for (const line of pendingLines(answers, toSeal, options.certificate, secretsCommand)) println(io.stdout, line);
  for (const warning of [...options.warnings, ...sealing.warnings]) println(io.stderr, `warning: ${warning}`);
  if (!state) printNextSteps(answers, shown, io);
  return 0;
}

/** The bootstrap checklist, the same text as the README's Bootstrap section, run from the repository. */
function printNextSteps(answers: Answers, shown: string, io: CommandIO): void {
  println(io.stdout);
  println(io.stdout, `Next steps (the README's Bootstrap section)${shown === '.' ? '' : `, in ${shown}`}:`);
  if (shown !== '.') println(io.stdout, `\n       cd ${shellQuote(shown)}`);
  println(io.stdout);
  io.stdout.write(nextSteps(answers, generatorVersion()));
}

function initGit(answers: Answers, target: string, shown: string, io: CommandIO): void {
  const branch = answers.argocd.revision;
  const message = firstCommitMessage(generatorVersion());
  const result = initRepository(target, branch, message, io.env);
  if (result.ok) {
    println(
      io.stdout,
      `Git: new repository in ${shown} on branch ${branch}, ${plural(result.files, 'file')} in a first commit (not pushed).`,
    );
  } else {
    const dir = shellQuote(shown);
    println(
      io.stderr,
      `warning: ${result.step} failed (${result.error}); finish with: git -C ${dir} add -A && git -C ${dir} commit -m ${shellQuote(message)}`,
    );
  }
}

/**
 * `--check`: the plan of a re-run with these answers, without sealing or writing anything. Exit 1
 * listing the files a re-render would change, 0 when there are none.
 */
export function check(
  answers: Answers,
  target: string,
  state: RepositoryState,
  disk: Map<string, string>,
  diff: boolean,
  io: CommandIO,
): number {
  const tree = repositoryTree(answers, {
    generatorVersion: generatorVersion(),
    sealedSecrets: existingSealedSecrets(answers, disk),
  });
  const changes = rerenderChanges(classify(tree, state.files, disk));
  const shown = displayPath(target, io.cwd);
  if (changes.length === 0) {
    println(io.stdout, `ok: ${shown} is what its ${STATE_FILE} renders`);
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
    `Run ${cliCommand(generatorVersion())} ${shellQuote(shown)} to render them (--dry-run --diff shows the plan first), then commit the result.`,
  );
  return 1;
}

/** What the dry run showed is what the real run does: the same files in the same classes. */
function checkSamePlan(planned: PlannedFile[], final: PlannedFile[]): void {
  const shape = (plan: PlannedFile[]) => plan.map((f) => `${f.class} ${f.path}`).join('\n');
  if (shape(planned) !== shape(final)) throw new Error('the plan changed after sealing: this is a bug');
}

const isSealedSecret = (path: string) =>
  /^secrets\/[^/]+\/[^/]+\.yaml$/.test(path) && !path.endsWith('/kustomization.yaml');

/**
 * SealedSecrets already in secrets/<env>/: a re-run keeps them byte for byte, except those of ours
 * the environment no longer uses (the Postgres role once its PostgreSQL is external): left out of
 * the tree, the plan deletes them like any other file it no longer generates.
 */
function existingSealedSecrets(answers: Answers, disk: Map<string, string>): SealedFiles {
  const out: SealedFiles = new Map();
  for (const env of answers.environments) {
    const prefix = `secrets/${env.name}/`;
    const needed = new Set(secretNames(answers, env));
    const files = [...disk]
      .filter(([path]) => path.startsWith(prefix) && isSealedSecret(path))
      .map(([path, text]) => ({ file: path.slice(prefix.length), text }))
      .filter(({ file }) => needed.has(file.replace(/\.yaml$/, '')) || !KNOWN_SECRETS.has(file.replace(/\.yaml$/, '')));
    out.set(env.name, files);
  }
  return out;
}

/** Every Secret the generator seals in some configuration; other files in secrets/<env>/ are the user's. */
const KNOWN_SECRETS: ReadonlySet<string> = new Set(
  [...Object.values(secrets), ...Object.values(providedSecrets)].map((s) => s.name),
);

/** Stores these answers move out of the cluster: the plan's lines, or a refusal without --allow-data-removal. */
function storeSwitches(
  answers: Answers,
  state: RepositoryState | undefined,
  disk: Map<string, string>,
  confirmed: readonly string[],
): string[] {
  const known = answers.environments.map((env) => env.name);
  for (const name of confirmed) {
    if (!known.includes(name))
      throw new UserError(
        '--allow-data-removal',
        `${JSON.stringify(name)} is not an environment of these answers`,
        `one of: ${known.join(', ')}`,
      );
  }
  if (!state) return [];
  return inClusterStoresReplaced(state.answers, answers).map((change) =>
    storeSwitchPlan(
      {
        ...change,
        protectedInRepository: protection(disk, change.env, recordedEnvironment(state, change.env))
          .protectedInRepository,
      },
      confirmed,
    ),
  );
}

/**
 * Secrets sealed by this run: every secret an environment needs that has no file yet (provided
 * ones only when their values are in the environment), when a certificate is given. `missing`
 * names every secret without a file, sealed now or not.
 */
function secretsToSeal(
  answers: Answers,
  existing: SealedFiles,
  hasCertificate: boolean,
  variables: NodeJS.ProcessEnv,
): ToSeal {
  const out: ToSeal = new Map();
  for (const env of answers.environments) {
    const have = new Set((existing.get(env.name) ?? []).map((f) => f.file));
    const all = plannedSecrets(answers, env, variables);
    const files = all.files.filter((file) => !have.has(file));
    const pending = all.pending.filter((p) => !have.has(`${p.name}.yaml`));
    out.set(env.name, {
      files: hasCertificate ? files : [],
      pending,
      missing: [...files.map((file) => file.replace(/\.yaml$/, '')), ...pending.map((p) => p.name)],
    });
  }
  return out;
}

function placeholders(toSeal: ToSeal): SealedFiles {
  return new Map(
    [...toSeal].map(([env, { files }]) => [env, files.map((file) => ({ file, text: '# to be sealed\n' }))]),
  );
}

interface Sealing {
  files: SealedFiles;
  warnings: string[];
}

/** Seal what the plan says, printing as it goes: where a new key went, then what was sealed. */
async function sealAll(
  answers: Answers,
  target: string,
  toSeal: ToSeal,
  options: GenerateOptions,
  io: CommandIO,
): Promise<Sealing> {
  const wanted = [...toSeal].filter(([, { files }]) => files.length > 0);
  if (wanted.length === 0) return { files: new Map(), warnings: [] };
  const random = io.random ?? cryptoRandom;
  const { sealer, notes } = await repositorySealer(answers.sealing, options.certificate, {
    env: io.env,
    now: io.now ?? new Date(),
    random,
    targetRepo: target,
    cwd: io.cwd,
    kubeseal: options.kubeseal,
    newControllerKeyPair: io.newControllerKeyPair,
  });
  for (const note of notes) println(io.stdout, note);
  const files: SealedFiles = new Map();
  const warnings: string[] = [];
  let count = 0;
  for (const [name, planned] of wanted) {
    const env = answers.environments.find((e) => e.name === name)!;
    const only = new Set(planned.files.map((file) => file.replace(/\.yaml$/, '')));
    const sealed = sealEnvironment(answers, env, sealer, random, io.env, only);
    files.set(name, sealed.files);
    warnings.push(...sealed.warnings);
    count += sealed.files.length;
  }
  println(
    io.stdout,
    `Sealed ${plural(count, 'secret')} for ${plural(files.size, 'environment')} with the ${sealer.how}.`,
  );
  return { files, warnings };
}

/**
 * What is left to seal, with the command as the user runs it from where they are. A first
 * scaffold sealing later says so in a line: its next steps seal everything once the controller runs.
 */
function pendingLines(
  answers: Answers,
  toSeal: ToSeal,
  certificate: CertificateSource,
  secretsCommand: string,
): string[] {
  if (!hasCertificateSource(certificate)) {
    const unsealed = [...toSeal].filter(([, { missing }]) => missing.length > 0);
    if (unsealed.length === 0) return [];
    const count = unsealed.reduce((n, [, { missing }]) => n + missing.length, 0);
    const names = unsealed.map(([env]) => env).join(', ');
    if (answers.sealing.method === 'later')
      return [`Not sealed yet: ${plural(count, 'secret')} for ${names} (sealing later).`];
    // Generated secrets wait for a certificate; provided ones for their values too, so they are
    // named with the variables to export.
    const generated = unsealed
      .map(([env, { missing, pending }]) => [env, missing.filter((n) => !pending.some((p) => p.name === n))] as const)
      .filter(([, list]) => list.length > 0);
    const lines: string[] = [];
    if (generated.length > 0) {
      const total = generated.reduce((n, [, list]) => n + list.length, 0);
      lines.push(
        `Not sealed yet: ${plural(total, 'secret')} for ${generated.map(([env]) => env).join(', ')} (no certificate given).`,
        `Seal them with: ${secretsCommand} --cert CERTIFICATE`,
      );
    }
    for (const env of answers.environments)
      for (const secret of toSeal.get(env.name)?.pending ?? [])
        lines.push(pendingMessage(env.name, secret, secretsCommand, '--cert CERTIFICATE'));
    return lines;
  }
  const flag = certificateFlag({
    ...certificate,
    ...(certificate.newControllerKey ? { keyFolder: answers.sealing.keyFolder } : {}),
  });
  const lines: string[] = [];
  for (const env of answers.environments) {
    for (const secret of toSeal.get(env.name)?.pending ?? [])
      lines.push(pendingMessage(env.name, secret, secretsCommand, flag));
  }
  return lines;
}

/** What the repository says about an environment a run removes: its recorded answers and files. */
function removedEnvironment(name: string, state: RepositoryState | undefined, disk: Map<string, string>) {
  const recorded = recordedEnvironment(state, name);
  const project = isRecord(state?.answers) && typeof state.answers.name === 'string' ? state.answers.name : '';
  return {
    name,
    namespace: typeof recorded?.namespace === 'string' ? recorded.namespace : `${project}-${name}`,
    cluster: typeof recorded?.cluster === 'string' ? recorded.cluster : IN_CLUSTER_API,
    application: environmentApplicationName(project, name),
    ...protection(disk, name, recorded),
  };
}

function recordedEnvironment(state: RepositoryState | undefined, name: string): Record<string, unknown> | undefined {
  const environments = isRecord(state?.answers) ? state.answers.environments : undefined;
  if (!Array.isArray(environments)) return undefined;
  return environments.find((e): e is Record<string, unknown> => isRecord(e) && e.name === name);
}

/**
 * Whether the environment's Cluster, as the repository renders it now (the overlay's patch over
 * the base), tells Argo CD to keep it: what Argo CD acts on once the next change is pushed; and
 * whether the answers (recorded, or these) switched that off on purpose.
 */
function protection(
  disk: Map<string, string>,
  env: string,
  recorded: Record<string, unknown> | undefined,
  now?: Environment,
): { protectedInRepository: boolean; protectionOff: boolean; externalPostgres: boolean; externalValkey: boolean } {
  const [[key, value]] = Object.entries(KEEP_ON_DELETE) as [[string, string]];
  const annotation = (path: string) => {
    const text = disk.get(path);
    return text === undefined ? undefined : annotationsOf(text)[key];
  };
  const effective =
    annotation(`overlays/${env}/patches/postgres-cluster.yaml`) ?? annotation('base/postgres/cluster.yaml');
  const options = typeof effective === 'string' ? effective.split(',').map((o) => o.trim()) : [];
  return {
    protectedInRepository: value.split(',').every((o) => options.includes(o)),
    protectionOff:
      now?.postgres.deletionProtection === false ||
      (isRecord(recorded?.postgres) && recorded.postgres.deletionProtection === false),
    // As recorded: what runs in the cluster now (a store on an external server has nothing there to keep or lose).
    externalPostgres: isRecord(recorded?.postgres) && recorded.postgres.mode === 'external',
    externalValkey: isRecord(recorded?.valkey) && recorded.valkey.mode === 'external',
  };
}

function annotationsOf(yaml: string): Record<string, unknown> {
  try {
    const object = parseYaml(yaml);
    const metadata = isRecord(object) && isRecord(object.metadata) ? object.metadata : {};
    return isRecord(metadata.annotations) ? metadata.annotations : {};
  } catch {
    return {};
  }
}

/** Environments whose namespace these answers change. */
function namespaceMoves(
  answers: Answers,
  state: RepositoryState | undefined,
  disk: Map<string, string>,
): MovedEnvironment[] {
  return answers.environments.flatMap((env) => {
    const recorded = recordedEnvironment(state, env.name);
    if (typeof recorded?.namespace !== 'string' || recorded.namespace === env.namespace) return [];
    return [
      { name: env.name, from: recorded.namespace, to: env.namespace, ...protection(disk, env.name, recorded, env) },
    ];
  });
}

/** A changed project name, with the environments whose Applications it renames. */
function projectRename(
  answers: Answers,
  state: RepositoryState | undefined,
  disk: Map<string, string>,
): RenamedProject | undefined {
  const from = isRecord(state?.answers) ? state.answers.name : undefined;
  if (typeof from !== 'string' || from === answers.name) return undefined;
  const environments = answers.environments.flatMap((env) => {
    const recorded = recordedEnvironment(state, env.name);
    return recorded ? [{ name: env.name, ...protection(disk, env.name, recorded, env) }] : [];
  });
  return environments.length > 0 ? { from, to: answers.name, environments } : undefined;
}

/** SealedSecrets of moved environments that only decrypt in their old namespace (strict and namespace-wide scope). */
function toReseal(moves: MovedEnvironment[], existing: SealedFiles): { env: string; file: string }[] {
  return moves.flatMap((move) =>
    (existing.get(move.name) ?? [])
      .filter(({ text }) => scopeOf(annotationsOf(text)) !== 'cluster-wide')
      .map(({ file }) => ({ env: move.name, file })),
  );
}
