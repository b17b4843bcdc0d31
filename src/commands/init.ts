import { resolve } from 'node:path';
import { applyFlags, readConfigFile, type AnswerFlags } from '../answers/input.js';
import { resolveAnswers } from '../answers/resolve.js';
import { UserError } from '../errors.js';
import { println, type CommandIO } from '../io.js';
import { renderTree } from '../render/tree.js';
import { generatorVersion } from '../version.js';
import { checkTarget, planWrite, writeTree } from '../write.js';
import { parseCommandLine } from './args.js';

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

Behaviour:
  -y, --yes                take the defaults for every question not answered by a flag
      --dry-run            list the files that would be written; write nothing
      --force              write into a non-empty folder, replacing generated files
  -h, --help               show this help
  -v, --version            print the version

Other commands: seal, validate, set-image (run "create-inngest-gitops <command> --help").
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

  const tree = renderTree(answers, { generatorVersion: generatorVersion() });
  if (values['dry-run']) {
    const plan = planWrite(tree, target);
    for (const file of plan) println(io.stdout, `${file.action.padEnd(9)} ${file.path}`);
    println(io.stdout, `dry run: ${plan.filter((f) => f.action !== 'unchanged').length} files would be written to ${target}; nothing written`);
    return 0;
  }
  const plan = writeTree(tree, target);
  println(io.stdout, `Wrote ${plan.filter((f) => f.action !== 'unchanged').length} files to ${target}`);
  println(io.stdout);
  println(io.stdout, 'Next:');
  for (const env of answers.environments) println(io.stdout, `  kubectl kustomize ${target}/overlays/${env.name}`);
  return 0;
}
