/**
 * `create-inngest-gitops validate [dir]`: render every environment with kubectl kustomize and
 * check each object strictly against its schema and against the policy rules (src/validate/).
 * Exit 0 without problems, 1 with problems or when kubectl is missing, 2 on bad input.
 */
import { resolve } from 'node:path';
import { UserError } from '../core/errors.js';
import { println, type CommandIO } from '../io/command-io.js';
import { checkEnvironment, formatProblem, summaryLine } from '../validate/check.js';
import { exposureNotes, type Note } from '../validate/notes.js';
import type { Problem } from '../validate/objects.js';
import { readArgocdFiles, readRepository, renderEnvironment, repositoryHasFolder } from '../io/repository.js';
import { checkArgocd } from '../validate/argocd.js';
import { checkRepoUrls } from '../validate/repo-url.js';
import { displayPath } from '../io/paths.js';
import { generatorVersion } from '../io/version.js';
import { shellQuote } from '../core/text.js';
import { cliCommand } from '../model/cli-command.js';
import { checkKnownEnvironments, parseCommandLine } from './args.js';

export const VALIDATE_HELP = `Usage: create-inngest-gitops validate [dir] [options]

Renders every environment of a generated repository (dir, default .) with
"kubectl kustomize overlays/<env>" and checks every object:
  schema            strict: unknown fields, wrong types, missing required fields
  pod-security      Pod Security Standard "restricted" on every pod template
  resources         cpu and memory requests and a memory limit on every container
  probes            liveness and readiness (or startup) probes on long-running containers
  image-pinned      no latest tag, no missing tag (a digest is fine)
  no-plain-secret   only SealedSecrets, never a plain Secret
  configmap-secret-values  no credentials in ConfigMaps
  sealed-secret-scope      every SealedSecret's name, namespace and scope are those it was sealed for
  sync-wave         every object in its Argo CD sync wave; Ingresses, PodMonitors and
                    ScaledObjects in the last one, which no sync waits on; no hooks or PruneLast
  secret-ref, configmap-ref  every reference resolves in the same environment
  argocd            argocd/: strict Application and AppProject schemas, unique names,
                    each Application's project exists and admits it, its path exists,
                    every environment has an Application (checked without --env)
  service-ref       every Service a connection string, PGHOST, a route or a KEDA trigger
                    names in the environment's namespace exists there
  repo-url          every Application under argocd/ names the repository (checked without --env)
Environments come from inngest-gitops.json, else from the folders under overlays/.
Needs kubectl on PATH; each "kubectl kustomize" may take at most 120 s.

Options:
  --env NAME        check only this environment (repeatable)
  --format FORMAT   text (default): one line per problem, notes, and a summary;
                    json: { environments, objects, problems: [{ env, kind, name, path, message, rule }],
                    notes: [{ env, kind, name, message }] }
Notes do not fail the check: they name what this repository cannot enforce (who can reach
a public Connect gateway).

  -h, --help        show this help

Exit codes: 0 no problems, 1 problems found or kubectl missing, 2 bad input.
`;

const options = {
  env: { type: 'string', multiple: true },
  format: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

// eslint-disable-next-line @typescript-eslint/require-await -- every command has the same async shape (cli.ts)
export async function runValidate(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, options, { maxPositionals: 1 });
  if (values.help) {
    io.stdout.write(VALIDATE_HELP);
    return 0;
  }
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json')
    throw new UserError('--format', `unknown format ${JSON.stringify(format)}`, 'text or json');

  const repository = readRepository(resolve(io.cwd, positionals[0] ?? '.'));
  const selected = values.env ?? repository.environments;
  checkKnownEnvironments(selected, repository.environments);

  const problems: Problem[] = [];
  const notes: Note[] = [];
  let objectCount = 0;
  const cli = cliCommand(generatorVersion());
  const shownDir = shellQuote(displayPath(repository.dir, io.cwd));
  for (const env of selected) {
    const rendered = renderEnvironment(repository.dir, env, { kustomize: io.kustomize });
    if (!rendered.ok) {
      problems.push({
        env,
        kind: 'Kustomization',
        name: `overlays/${env}`,
        rule: 'kustomize',
        path: '',
        message: rendered.error,
      });
      continue;
    }
    objectCount += rendered.objects.length;
    problems.push(...checkEnvironment(env, rendered.objects, `${cli} secrets ${shownDir}`));
    notes.push(...exposureNotes(env, rendered.objects));
  }
  if (values.env === undefined) {
    const files = readArgocdFiles(repository.dir);
    objectCount += files.reduce((sum, file) => sum + file.objects.length, 0);
    problems.push(...checkArgocd(files, repository.environments, (path) => repositoryHasFolder(repository.dir, path)));
    problems.push(
      ...checkRepoUrls(
        files.flatMap((file) => file.objects),
        `${cli} ${shownDir} --repo-url URL`,
      ),
    );
  }

  if (format === 'json') {
    const report = {
      environments: selected,
      objects: objectCount,
      problems: problems.map(({ env, kind, name, path, message, rule }) => ({ env, kind, name, path, message, rule })),
      notes,
    };
    println(io.stdout, JSON.stringify(report, null, 2));
  } else {
    for (const problem of problems) println(io.stdout, formatProblem(problem));
    for (const note of notes) println(io.stdout, `${note.env}: ${note.kind}/${note.name}: note: ${note.message}`);
    println(io.stdout, summaryLine(problems, objectCount, selected.length));
  }
  return problems.length === 0 ? 0 : 1;
}
