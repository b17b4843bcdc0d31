/**
 * The generated CI and Renovate files against the schemas their tools publish
 * (test/fixtures/schemas). Here rather than in the unit project: compiling the three schemas with
 * ajv takes most of a second, and the files' contents are checked by the unit tests of
 * test/unit/render/pipeline-steps.test.ts and renovate.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { PartialAnswers } from '../../../src/answers/schema.js';
import { EVERY_OPTIONAL_IMAGE } from '../../helpers/answers.js';
import { publishedSchema, publishedSchemaValidator } from '../../helpers/published-schema.js';
import { generated } from '../../helpers/scaffold.js';

const file = (answers: PartialAnswers, path: string): string => {
  const text = generated(answers, { generatorVersion: '1.0.0' }).tree.get(path);
  if (text === undefined) throw new Error(`${path} was not generated`);
  return text;
};

describe('the GitHub Actions workflows', () => {
  it('are valid against the published workflow schema', () => {
    const valid = publishedSchemaValidator('github-workflow.json');
    const answers = { repoURL: 'https://github.com/acme/gitops.git', argocd: { revision: 'release' } };
    for (const name of ['validate.yml', 'update-image.yml']) {
      // YAML 1.2 like GitHub Actions: in 1.1 the key `on` would be the boolean true.
      const workflow: unknown = parse(file(answers, `.github/workflows/${name}`));
      expect(valid(workflow) ? [] : valid.errors, name).toEqual([]);
    }
  });
});

describe('the GitLab pipeline', () => {
  it('is valid against the published GitLab CI schema', () => {
    const valid = publishedSchemaValidator('gitlab-ci.json');
    const pipeline: unknown = parse(file({ repoURL: 'https://gitlab.com/acme/gitops.git' }, '.gitlab-ci.yml'));
    expect(valid(pipeline) ? [] : valid.errors).toEqual([]);
  });
});

interface RenovateConfig {
  packageRules: Record<string, unknown>[];
  customManagers: Record<string, unknown>[];
}

/** The keys of an object schema (through allOf), where Renovate's schema does not reject unknown ones. */
function declared(node: { properties?: object; allOf?: { properties?: object }[] }): string[] {
  return [...Object.keys(node.properties ?? {}), ...(node.allOf ?? []).flatMap((n) => Object.keys(n.properties ?? {}))];
}

describe('renovate.json', () => {
  const schema = publishedSchema('renovate-schema.json');
  const validate = publishedSchemaValidator('renovate-schema.json');

  it.each([
    ['the default answers', {}],
    ['every optional image and three environments', EVERY_OPTIONAL_IMAGE],
    [
      'no operators and every update merged by a person',
      { platform: { installOperators: false }, renovate: { automerge: [] } },
    ],
  ])('is valid against the published Renovate schema, with only keys it declares: %s', (_, answers) => {
    const config = JSON.parse(file(answers as PartialAnswers, 'renovate.json')) as RenovateConfig;
    expect(validate(config) ? [] : validate.errors).toEqual([]);
    const defs = schema.definitions;
    // $schema is the one key Renovate reads past (renovatebot/renovate lib/config/validation.ts ignoredNodes).
    expect(Object.keys(config).filter((k) => k !== '$schema' && !(k in schema.properties))).toEqual([]);
    // A package rule takes its own matchers and any repository-level option (groupName, automerge, …).
    const ruleKeys = [...declared(defs.packageRules.items), ...Object.keys(schema.properties)];
    for (const rule of config.packageRules) expect(Object.keys(rule).filter((k) => !ruleKeys.includes(k))).toEqual([]);
    for (const manager of config.customManagers)
      expect(Object.keys(manager).filter((k) => !declared(defs.customManagers.items).includes(k))).toEqual([]);
  });
});
