import { resolve } from 'node:path';
import type { AnswerFlags } from '../answers/input.js';
import { UserError } from '../errors.js';
import { println, type CommandIO } from '../io.js';
import { generatorVersion } from '../version.js';
import { checkTarget, planWrite, writeTree } from '../write.js';
import type { Answers } from '../answers/schema.js';
import type { ProvidedSecret } from '../secrets/environment.js';
import type { CertificateSource } from '../secrets/sealing.js';
import { parseCommandLine } from './args.js';

// Startup stays lazy (README "Performance"): --help and --version load only this module;
// --print-config adds the answers schema and ajv; the manifest models (render/), the sealer
// (secrets/, seal/) and prompts load only once a scaffold is really written. Keep those imports
// dynamic: the bundle's code splitting follows them (test/package.test.ts checks it).

export const INIT_HELP = `Usage: create-inngest-gitops [dir] [options]

Writes a Kustomize + Argo CD repository that self-hosts the Inngest server into dir
(default: inngest-gitops). dir must be new or empty (a folder holding only .git is empty).

Answers (each prompt has a flag; without a terminal, pass --yes or --config):
  --name NAME              project name, a DNS label (default inngest)
  --repo-url URL           Git URL Argo CD reads the repository from
  --revision REV           Git revision every environment and the root Application track (default main)
  --environments A,B       environment names (default stage,prod)
  --image-tag TAG          Inngest image tag (default: the pinned release)
  --host ENV=HOST          public hostname of an environment's Ingress (repeatable)
  --ingress-class NAME     Ingress class (default nginx)
  --config FILE            answers as JSON or YAML, merged over the defaults
  --print-config           print the complete answers as JSON and exit

Secrets (generated per environment, sealed, never written in plaintext):
  --cert FILE|URL          the Sealed Secrets controller certificate (kubeseal --fetch-cert)
  --fetch-cert             fetch it from the cluster's controller with kubeseal
  --new-controller-key DIR create a new controller key pair in DIR (outside the repository)
                           and print the commands that load it into the cluster
  --no-kubeseal            seal with the built-in sealer even when kubeseal is on PATH
  Without a certificate, secrets/<env>/ stays empty and the command to seal later is printed.

Behaviour:
  -y, --yes                take the defaults for every question not answered by a flag
      --dry-run            list the files that would be written; write nothing
      --force              write into a non-empty folder, replacing generated files
  -h, --help               show this help
  -v, --version            print the version

Other commands: secrets, seal (run "create-inngest-gitops seal --help").
Exit codes: 0 done, 1 environment failure, 2 bad input, 130 cancelled.
`;

const options = {
  name: { type: 'string' },
  'repo-url': { type: 'string' },
  revision: { type: 'string' },
  environments: { type: 'string' },
  'image-tag': { type: 'string' },
  host: { type: 'string', multiple: true },
  'ingress-class': { type: 'string' },
  config: { type: 'string' },
  cert: { type: 'string' },
  'fetch-cert': { type: 'boolean' },
  'new-controller-key': { type: 'string' },
  'no-kubeseal': { type: 'boolean' },
  'print-config': { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  'dry-run': { type: 'boolean' },
  force: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

export async function runInit(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, options, { maxPositionals: 1 });
  if (values.help) {
    io.stdout.write(INIT_HELP);
    return 0;
  }
  if (values.version) {
    println(io.stdout, generatorVersion());
    return 0;
  }
  const [{ applyFlags, readConfigFile }, { resolveAnswers }] = await Promise.all([import('../answers/input.js'), import('../answers/resolve.js')]);
  const config = values.config ? readConfigFile(resolve(io.cwd, values.config)) : {};
  const partial = applyFlags(config, values as AnswerFlags);
  if (values['print-config']) {
    println(io.stdout, JSON.stringify(resolveAnswers(partial), null, 2));
    return 0;
  }

  const interactive = !values.yes && !values.config;
  if (interactive && !io.stdin.isTTY) {
    throw new UserError('--yes', 'no terminal to ask questions on', 'pass --yes to take the defaults, or --config FILE with your answers');
  }
  const target = resolve(io.cwd, positionals[0] ?? 'inngest-gitops');
  if (!values['dry-run']) checkTarget(target, Boolean(values.force));

  let answers = resolveAnswers(partial);
  if (interactive) {
    const { askAnswers } = await import('../answers/ask.js');
    answers = resolveAnswers(await askAnswers(partial));
  }

  const [{ renderTree }, { hasCertificateSource }] = await Promise.all([import('../render/tree.js'), import('../secrets/sealing.js')]);
  const source: CertificateSource = { cert: values.cert, fetchCert: values['fetch-cert'], newControllerKey: values['new-controller-key'] };
  if (values['dry-run']) {
    const plan = planWrite(renderTree(answers, { generatorVersion: generatorVersion() }), target);
    for (const file of plan) println(io.stdout, `${file.action.padEnd(9)} ${file.path}`);
    if (hasCertificateSource(source)) println(io.stdout, `secrets  would be generated and sealed for ${answers.environments.map((e) => e.name).join(', ')}`);
    println(io.stdout, `dry run: ${plan.filter((f) => f.action !== 'unchanged').length} files would be written to ${target}; nothing written`);
    return 0;
  }

  const sealing = hasCertificateSource(source) ? await sealAll(answers, source, target, io) : undefined;
  const tree = renderTree(answers, { generatorVersion: generatorVersion(), sealedSecrets: sealing?.files });
  const plan = writeTree(tree, target);
  println(io.stdout, `Wrote ${plan.filter((f) => f.action !== 'unchanged').length} files to ${target}`);
  for (const note of sealing?.notes ?? []) println(io.stdout, note);
  println(io.stdout);
  if (!sealing) {
    println(io.stdout, 'Secrets are not sealed yet (no certificate given). Seal them for every environment with:');
    println(io.stdout, `  create-inngest-gitops secrets ${target} --cert <controller certificate>`);
    println(io.stdout);
  }
  for (const line of sealing?.pending ?? []) println(io.stdout, line);
  println(io.stdout, 'Next:');
  for (const env of answers.environments) println(io.stdout, `  kubectl kustomize ${target}/overlays/${env.name}`);
  return 0;
}

async function sealAll(answers: Answers, source: CertificateSource, target: string, io: CommandIO) {
  const [{ prepareSealer }, { sealEnvironment }] = await Promise.all([import('../secrets/sealing.js'), import('../secrets/scaffold.js')]);
  const random = io.random ?? (await import('../random.js')).cryptoRandom;
  const { sealer, notes } = await prepareSealer(source, {
    answers,
    env: io.env,
    now: io.now ?? new Date(),
    random,
    targetRepo: target,
    kubeseal: 'auto',
  });
  const files = new Map<string, { file: string; text: string }[]>();
  const pending: string[] = [];
  for (const env of answers.environments) {
    const sealed = sealEnvironment(answers, env, sealer, random, io.env);
    files.set(env.name, sealed.files);
    pending.push(...sealed.pending.map((p) => pendingLine(env.name, p, target)));
  }
  notes.push(`Sealed ${[...files.values()].reduce((n, f) => n + f.length, 0)} secrets for ${answers.environments.length} environments with the ${sealer.how}.`);
  return { files, notes, pending };
}

function pendingLine(env: string, secret: ProvidedSecret, target: string): string {
  const variables = Object.values(secret.keys).join(', ');
  return `Pending in ${env}: ${secret.name} (${secret.why}). Export ${variables}, then run: create-inngest-gitops secrets ${target} --env ${env} --secret ${secret.name} --cert <certificate>`;
}
