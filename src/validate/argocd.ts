/**
 * The checks of argocd/: every object strictly against its schema (Application, AppProject, the
 * argocd-cm patch), unique Application and AppProject names that Argo CD's label tracking can
 * carry, no `operation` (a sync request) or `spec.sourceHydrator`, and for each Application a project that exists and
 * admits it, and a source path that exists in this repository. Pure: the files come parsed, folders are asked through `hasFolder`.
 */
import { isRecord, kindOf, nameOf, str, type K8sObject, type Problem } from './objects.js';
import { checkSchema } from './schema.js';

export interface ArgocdFile {
  path: string;
  objects: readonly K8sObject[];
  error?: string;
}

/** The AppProject every Argo CD has; Applications may use it without it being in the repository. */
const DEFAULT_PROJECT = 'default';
const ENV = 'argocd';
const MAX_NAME = 63;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

interface Located {
  file: string;
  object: K8sObject;
}

export function checkArgocd(
  files: readonly ArgocdFile[],
  environments: readonly string[],
  hasFolder: (path: string) => boolean,
): Problem[] {
  const problems: Problem[] = [];
  const report = (object: K8sObject | undefined, file: string, path: string, message: string, rule: Problem['rule']) =>
    problems.push({
      env: ENV,
      kind: object ? kindOf(object) : 'File',
      name: object ? nameOf(object) : file,
      rule,
      path,
      message: object ? `${message} (${file})` : message,
    });

  const located: Located[] = [];
  for (const file of files) {
    if (file.error) report(undefined, file.path, '', `is not valid YAML: ${file.error}`, 'argocd');
    for (const object of file.objects) {
      located.push({ file: file.path, object });
      for (const p of checkSchema(object)) report(object, file.path, p.path, p.message, p.rule);
    }
  }

  const applications = located.filter((l) => isArgo(l.object, 'Application'));
  const projects = located.filter((l) => isArgo(l.object, 'AppProject'));
  for (const group of [applications, projects]) {
    const seen = new Map<string, string>();
    for (const { file, object } of group) {
      const name = nameOf(object);
      const key = `${namespaceOf(object)}/${name}`;
      const earlier = seen.get(key);
      if (earlier !== undefined)
        report(object, file, 'metadata.name', `the name is used by ${earlier} too: one replaces the other`, 'argocd');
      else seen.set(key, file);
      if (kindOf(object) === 'Application' && (name.length > MAX_NAME || !DNS_LABEL.test(name))) {
        report(
          object,
          file,
          'metadata.name',
          `must be a DNS label of at most ${MAX_NAME} characters (Argo CD's label tracking truncates longer names)`,
          'argocd',
        );
      }
    }
  }

  const projectByName = new Map(projects.map((p) => [nameOf(p.object), p.object]));
  const root = applications.find((a) => a.file === 'argocd/root.yaml');
  const thisRepository = root ? str(record(spec(root.object).source).repoURL) : undefined;
  const deployed = new Set<string>();
  for (const { file, object } of applications) {
    if (object.operation !== undefined) {
      report(
        object,
        file,
        'operation',
        'is a sync request that Argo CD writes itself; in Git it starts a sync on every apply (remove it)',
        'argocd',
      );
    }
    const appSpec = spec(object);
    if (appSpec.sourceHydrator !== undefined) {
      report(
        object,
        file,
        'spec.sourceHydrator',
        "pushes rendered manifests to another branch, which validate cannot check (Argo CD's source hydrator is beta and off by default); deploy this repository's path with spec.source",
        'argocd',
      );
    }
    const projectName = str(appSpec.project) ?? '';
    const project = projectByName.get(projectName);
    if (!project && projectName !== DEFAULT_PROJECT) {
      report(
        object,
        file,
        'spec.project',
        `AppProject ${JSON.stringify(projectName)} is not defined under argocd/`,
        'argocd',
      );
    }
    for (const [index, source] of sourcesOf(appSpec).entries()) {
      const at = appSpec.sources ? `spec.sources[${index}]` : 'spec.source';
      const repoURL = str(source.repoURL) ?? '';
      if (project && !admits(record(project.spec).sourceRepos, (pattern) => glob(pattern, repoURL))) {
        report(object, file, `${at}.repoURL`, `is not among the sourceRepos of AppProject ${projectName}`, 'argocd');
      }
      const path = str(source.path);
      if (path === undefined || str(source.chart) !== undefined) continue;
      if (thisRepository !== undefined && repoURL !== thisRepository) continue;
      const folder = path.replace(/^\.\/|\/+$/g, '');
      if (folder.startsWith('/') || folder.split('/').includes('..') || !hasFolder(folder)) {
        report(object, file, `${at}.path`, `${JSON.stringify(path)} is not a folder of this repository`, 'argocd');
      } else {
        deployed.add(folder);
      }
    }
    const destination = record(appSpec.destination);
    const server = str(destination.server) ?? str(destination.name) ?? '';
    const namespace = str(destination.namespace) ?? '';
    if (project && !admits(record(project.spec).destinations, (d) => destinationMatches(d, server, namespace))) {
      report(
        object,
        file,
        'spec.destination',
        `${server} namespace ${JSON.stringify(namespace)} is not among the destinations of AppProject ${projectName}`,
        'argocd',
      );
    }
  }
  for (const env of environments) {
    if (!deployed.has(`overlays/${env}`)) {
      problems.push({
        env: ENV,
        kind: 'Kustomization',
        name: `overlays/${env}`,
        rule: 'argocd',
        path: '',
        message: 'no Application under argocd/ deploys this environment',
      });
    }
  }
  return problems;
}

function isArgo(object: K8sObject, kind: string): boolean {
  return (str(object.apiVersion) ?? '').startsWith('argoproj.io/') && kindOf(object) === kind;
}

function record(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

function spec(object: K8sObject): Record<string, unknown> {
  return record(object.spec);
}

function namespaceOf(object: K8sObject): string {
  return str(record(object.metadata).namespace) ?? '';
}

function sourcesOf(appSpec: Record<string, unknown>): Record<string, unknown>[] {
  if (Array.isArray(appSpec.sources)) return appSpec.sources.filter(isRecord);
  return isRecord(appSpec.source) ? [appSpec.source] : [];
}

function admits(list: unknown, matches: (entry: never) => boolean): boolean {
  return Array.isArray(list) && list.some((entry) => matches(entry as never));
}

/** Argo CD matches project sourceRepos and destinations as globs (argo-cd util/glob). */
function glob(pattern: unknown, text: string): boolean {
  if (typeof pattern !== 'string') return false;
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${regex}$`).test(text);
}

function destinationMatches(entry: unknown, server: string, namespace: string): boolean {
  if (!isRecord(entry)) return false;
  const serverOk = glob(str(entry.server) ?? str(entry.name) ?? '', server);
  const namespacePattern = str(entry.namespace) ?? '';
  return (
    serverOk &&
    (namespacePattern.startsWith('!') ? !glob(namespacePattern.slice(1), namespace) : glob(namespacePattern, namespace))
  );
}
