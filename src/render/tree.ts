import type { Answers } from '../answers/schema.js';
import { labelKeys } from '../names.js';
import { toYaml, toYamlStream } from '../yaml.js';
import { renderArgocdFiles } from './argocd.js';
import { activeComponents } from './components.js';
import { kustomization } from './kustomization.js';
import { generatedReadme } from './readme.js';
import type { Model } from './types.js';
import { UPDATE_IMAGE_WORKFLOW, updateImageWorkflow } from './workflow.js';

/** Relative path → file text. Sorted by path when written or compared. */
export type FileTree = Map<string, string>;

export interface RenderContext {
  generatorVersion: string;
  /** Files under secrets/<env>/ (SealedSecrets), produced outside the pure render because sealing is random. */
  sealedSecrets?: Map<string, { file: string; text: string }[]>;
}

/**
 * Answers → every file of the generated repository. Pure: the same answers and context give
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
  add('base/kustomization.yaml', toYaml(kustomization({ resources: components.map((c) => c.name) })));
  for (const component of components) {
    const base = component.base(answers);
    const dir = `base/${component.name}`;
    for (const file of base.manifests) add(`${dir}/${file.file}`, manifests(file.objects));
    for (const file of base.files ?? []) add(`${dir}/${file.file}`, file.text);
    add(
      `${dir}/kustomization.yaml`,
      toYaml(kustomization({ resources: base.manifests.map((m) => m.file), configMapGenerator: base.configMapGenerator })),
    );
  }

  for (const env of answers.environments) {
    const dir = `overlays/${env.name}`;
    const resources = ['../../base', `../../secrets/${env.name}`];
    const patches: string[] = [];
    const images: NonNullable<ReturnType<typeof kustomization>['images']> = [];
    for (const component of components) {
      const overlay = component.overlay(answers, env);
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
          labels: [{ pairs: { [labelKeys.environment]: env.name }, includeSelectors: false, includeTemplates: true }],
          images,
          patches: patches.map((path) => ({ path })),
        }),
      ),
    );
    const sealed = context.sealedSecrets?.get(env.name) ?? [];
    for (const file of sealed) add(`secrets/${env.name}/${file.file}`, file.text);
    add(`secrets/${env.name}/kustomization.yaml`, toYaml(kustomization({ resources: sealed.map((f) => f.file) })));
  }

  for (const [path, text] of renderArgocdFiles(answers)) add(path, text);
  add('README.md', generatedReadme(answers));
  add('inngest-gitops.json', `${JSON.stringify({ generator: { name: 'create-inngest-gitops', version: context.generatorVersion }, answers }, null, 2)}\n`);
  add('.gitignore', GITIGNORE);
  add(UPDATE_IMAGE_WORKFLOW, updateImageWorkflow(answers, context.generatorVersion));
  return new Map([...tree.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const GITIGNORE = `# Only SealedSecrets belong in this repository. Keep unsealed material out of Git.
*.unsealed.yaml
*.secret.yaml
*.key
*.pem
.env
.env.*
`;
