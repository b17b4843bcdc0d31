import type { Answers } from '../answers/schema.js';
import { byCodePoint, GENERATED_HEADER, toYaml, toYamlStream } from '../core/yaml.js';
import { renderArgocdFiles } from './argocd.js';
import { activeComponents, isOptional } from './components.js';
import { environmentLabel, kustomization, kustomizeComponent } from './kustomization.js';
import { generatedReadme } from './readme.js';
import type { Model } from './types.js';
import { ciProvider } from '../answers/ci.js';
import { GITLAB_CI, gitlabCi } from './gitlab-ci.js';
import { RENOVATE_CONFIG, renovateConfig } from './renovate.js';
import { GITHUB_WORKFLOWS, updateImageWorkflow, validateWorkflow } from './workflow.js';

import type { FileTree } from '../model/file-tree.js';

export type { FileTree };

export interface RenderContext {
  generatorVersion: string;
  /**
   * The SealedSecret files of each environment's secrets/<env>/ folder, by name: its
   * kustomization lists them. Their text comes from sealing, outside the pure render
   * (withSealedSecrets).
   */
  secretFiles?: Map<string, readonly string[]>;
}

/** SealedSecret files of an environment: secrets/<env>/<file>. */
export type SealedFiles = Map<string, { file: string; text: string }[]>;

/**
 * Answers → every generated file of the repository but the state file (plan/state.ts adds it). Pure: the same answers and context give
 * byte-identical files. Every typed object is validated against its schema on the way out.
 */
export function renderTree(answers: Answers, context: RenderContext): FileTree {
  const tree: FileTree = new Map();
  const add = (path: string, text: string) => {
    if (tree.has(path)) throw new Error(`two components wrote ${path}`);
    tree.set(path, text);
  };
  const manifests = (objects: Model[]) => {
    for (const object of objects) object.validate();
    return toYamlStream(objects.map((o) => o.toJSON()));
  };

  const components = activeComponents(answers);
  add(
    'base/kustomization.yaml',
    toYaml(kustomization({ resources: components.filter((c) => !isOptional(c, answers)).map((c) => c.name) })),
  );
  for (const component of components) {
    const base = component.base(answers);
    const dir = `base/${component.name}`;
    for (const file of base.manifests) add(`${dir}/${file.file}`, manifests(file.objects));
    for (const file of base.files ?? []) add(`${dir}/${file.file}`, file.text);
    const fields = { resources: base.manifests.map((m) => m.file), configMapGenerator: base.configMapGenerator };
    add(
      `${dir}/kustomization.yaml`,
      toYaml(isOptional(component, answers) ? kustomizeComponent(fields) : kustomization(fields)),
    );
  }

  for (const env of answers.environments) {
    const dir = `overlays/${env.name}`;
    const resources = ['../../base', `../../secrets/${env.name}`];
    const patches: string[] = [];
    const images: NonNullable<ReturnType<typeof kustomization>['images']> = [];
    const kustomizeComponents: string[] = [];
    const generators: NonNullable<ReturnType<typeof kustomization>['configMapGenerator']> = [];
    for (const component of components) {
      if (component.usedIn && !component.usedIn(answers, env)) continue;
      if (isOptional(component, answers)) kustomizeComponents.push(`../../base/${component.name}`);
      const overlay = component.overlay(answers, env);
      for (const file of overlay.files ?? []) add(`${dir}/${file.file}`, file.text);
      generators.push(...(overlay.configMapGenerator ?? []));
      for (const patch of overlay.patches) {
        add(`${dir}/patches/${patch.file}`, toYaml(patch.patch));
        patches.push(`patches/${patch.file}`);
      }
      for (const file of overlay.manifests ?? []) {
        add(`${dir}/${file.file}`, manifests(file.objects));
        resources.push(file.file);
      }
      images.push(...(overlay.images ?? []));
    }
    add(
      `${dir}/kustomization.yaml`,
      toYaml(
        kustomization({
          namespace: env.namespace,
          resources,
          ...(kustomizeComponents.length > 0 ? { components: kustomizeComponents } : {}),
          labels: [environmentLabel(env.name)],
          images,
          patches: patches.map((path) => ({ path })),
          ...(generators.length > 0 ? { configMapGenerator: generators } : {}),
        }),
      ),
    );
    add(
      `secrets/${env.name}/kustomization.yaml`,
      secretsKustomization([...(context.secretFiles?.get(env.name) ?? [])]),
    );
  }

  for (const [path, text] of renderArgocdFiles(answers)) add(path, text);
  add('README.md', generatedReadme(answers, context.generatorVersion));
  add('.gitignore', GITIGNORE);
  for (const [path, text] of pipelineFiles(answers, context.generatorVersion)) add(path, text);
  if (answers.renovate.enabled) add(RENOVATE_CONFIG, renovateConfig(answers));
  return new Map(
    [...tree.entries()]
      .map(([path, text]) => [path, withGeneratedHeader(path, text)] as const)
      .sort(([a], [b]) => byCodePoint(a, b)),
  );
}

/** The validation pipeline and the image update of the repository's CI (answers/ci.ts picks which). */
function pipelineFiles(answers: Answers, generatorVersion: string): [string, string][] {
  switch (ciProvider(answers)) {
    case 'github':
      return [
        [GITHUB_WORKFLOWS.validate, validateWorkflow(answers, generatorVersion)],
        [GITHUB_WORKFLOWS.updateImage, updateImageWorkflow(answers, generatorVersion)],
      ];
    case 'gitlab':
      return [[GITLAB_CI, gitlabCi(answers, generatorVersion)]];
    case 'none':
      return [];
  }
}

/** The tree with each environment's SealedSecret files added under secrets/<env>/ (pure). */
export function withSealedSecrets(tree: FileTree, sealed: SealedFiles): FileTree {
  const out = new Map(tree);
  for (const [env, files] of sealed) {
    for (const { file, text } of files) out.set(`secrets/${env}/${file}`, withGeneratedHeader(file, text));
  }
  return new Map([...out.entries()].sort(([a], [b]) => byCodePoint(a, b)));
}

/** secrets/<env>/kustomization.yaml: every SealedSecret file of the folder, sorted. Also written by the secrets command. */
export function secretsKustomization(files: string[]): string {
  return withGeneratedHeader('kustomization.yaml', toYaml(kustomization({ resources: [...files].sort(byCodePoint) })));
}

/** Every generated file says so in its first line, in the comment syntax of its kind. */
function withGeneratedHeader(path: string, text: string): string {
  if (text.startsWith(GENERATED_HEADER)) return text;
  const note = GENERATED_HEADER.replace(/^# /, '');
  if (path.endsWith('.md')) return `<!-- ${note} -->\n${text}`;
  if (path.endsWith('.sql')) return `-- ${note}\n${text}`;
  if (path.endsWith('.json')) return text;
  return `${GENERATED_HEADER}\n${text}`;
}

const GITIGNORE = `# Only SealedSecrets belong in this repository. Keep unsealed material out of Git.
*.unsealed.yaml
*.secret.yaml
*.key
*.pem
.env
.env.*
`;
