/**
 * The interactive scaffold as a person uses it: the built CLI in a pseudo-terminal, its real
 * prompts, keys typed one at a time once each question is on screen.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles } from '../helpers/cli.js';
import { DEMO_CERT_PATH } from '../helpers/keys.js';
import { KEY, newSession, runInTerminal, screenOf, typed, type Step } from './terminal.js';

const Q = {
  name: 'Project name',
  url: 'Git URL Argo CD reads',
  environments: 'Environments \\(comma-separated\\)',
  profiles: 'Production profile for',
  exposure: 'Reach Inngest from outside',
  stores: 'Existing servers \\(managed databases\\)',
  backup: (env: string) => `S3 folder for ${env}'s Postgres backups`,
  cluster: 'Cluster settings',
  sealing: 'Seal the secrets with',
  git: 'Create a Git repository',
  review: 'Write the repository\\?',
};

const enterAt = (...questions: string[]): Step[] => questions.map((expect) => ({ expect, keys: [KEY.enter] }));

/** Every question a default two-environment run asks, in order, up to the review. */
const DEFAULT_QUESTIONS = [
  Q.name,
  Q.url,
  Q.environments,
  Q.profiles,
  Q.exposure,
  Q.stores,
  Q.backup('prod'),
  Q.cluster,
  Q.sealing,
  Q.git,
];

function storedAnswers(target: string) {
  return JSON.parse(readFileSync(join(target, 'inngest-gitops.json'), 'utf8')).answers;
}

function sealedFiles(target: string, env: string): string[] {
  return listFiles(join(target, 'secrets', env)).filter((f) => f !== 'kustomization.yaml');
}

describe('the interactive scaffold in a terminal', () => {
  it('Enter on every question: two environments, a new controller key in a folder outside the repository, every secret sealed', async () => {
    const session = newSession();
    const steps = enterAt(...DEFAULT_QUESTIONS, Q.review);
    expect(steps).toHaveLength(11); // about ten Enter presses for two environments
    const run = runInTerminal(session, ['repo'], steps);
    expect(run.error).toBeNull();
    expect(run.status).toBe(0);

    const answers = storedAnswers(session.target);
    expect(answers.environments.map((e: { name: string; profile: string }) => `${e.name}:${e.profile}`)).toEqual([
      'stage:small',
      'prod:production',
    ]);
    const keyFolder = join(session.home, 'config/inngest-gitops/inngest');
    expect(answers.sealing).toMatchObject({ method: 'new-key', keyFolder: '~/config/inngest-gitops/inngest' });
    expect(statSync(join(keyFolder, 'sealed-secrets.key')).mode & 0o777).toBe(0o600);
    for (const env of ['stage', 'prod'])
      expect(sealedFiles(session.target, env)).toEqual([
        'inngest-keys.yaml',
        'inngest-postgres-role.yaml',
        'inngest-valkey.yaml',
      ]);
    const privateKey = readFileSync(join(keyFolder, 'sealed-secrets.key'), 'utf8');
    for (const file of listFiles(session.target).filter((f) => !f.startsWith('.git/'))) {
      const text = readFileSync(join(session.target, file), 'utf8');
      expect(text).not.toContain('PRIVATE KEY');
      expect(text).not.toContain(privateKey.split('\n')[1]);
    }
    const screen = (await screenOf(run.output, { columns: 80, rows: 24 })).join('\n');
    expect(screen).toContain('✔ Seal the secrets with › A new controller key in ~/config/inngest-gitops/inngest');
    expect(screen).toMatch(/Git: new repository in repo on branch main, \d+ files in a first commit/);
    expect(screen).toContain('5. Load the new Sealed Secrets key before the controller first starts');
  });

  it('a customised deployment: three environments, Gateway API, an existing PostgreSQL for stage, backups for prod, cluster settings, a certificate file', () => {
    const session = newSession({
      INNGEST_GITOPS_PROD_ACCESS_KEY_ID: 'AKIAEXAMPLE123',
      INNGEST_GITOPS_PROD_ACCESS_SECRET_KEY: 'not-a-real-secret-key',
      INNGEST_GITOPS_STAGE_POSTGRES_URI:
        'postgres://inngest:not-a-real-db-password@db.stage.acme.internal:5432/inngest?sslmode=verify-full&sslrootcert=system',
    });
    const run = runInTerminal(
      session,
      ['repo'],
      [
        { expect: Q.name, keys: [...typed('acme'), KEY.enter] },
        { expect: Q.url, keys: [...typed('git@github.com:acme/inngest-gitops.git'), KEY.enter] },
        { expect: Q.environments, keys: [...typed('dev,stage,prod'), KEY.enter] },
        { expect: Q.profiles, keys: [KEY.enter] },
        { expect: Q.exposure, keys: [KEY.down, KEY.enter] },
        { expect: 'Gateway as NAMESPACE/NAME', keys: [...typed('gateway-system/shared/https'), KEY.enter] },
        { expect: 'Hostname for dev', keys: [KEY.enter] },
        { expect: 'Hostname for stage', keys: [...typed('inngest.stage.acme.dev'), KEY.enter] },
        { expect: 'Hostname for prod', keys: [...typed('inngest.acme.dev'), KEY.enter] },
        // dev: PostgreSQL, dev: Redis, stage: PostgreSQL (marked), …
        { expect: Q.stores, keys: [KEY.down, KEY.down, ' ', KEY.enter] },
        { expect: 'PostgreSQL server of stage', keys: [...typed('db.stage.acme.internal'), KEY.enter] },
        { expect: "Networks of stage's PostgreSQL server", keys: [...typed('10.20.0.0/16'), KEY.enter] },
        { expect: Q.backup('prod'), keys: [...typed('s3://acme-backups/inngest/prod'), KEY.enter] },
        { expect: Q.cluster, keys: [KEY.down, KEY.enter] },
        { expect: 'Storage class for Postgres and Valkey', keys: [...typed('fast-ssd'), KEY.enter] },
        { expect: 'CloudNativePG, KEDA and Sealed Secrets', keys: [KEY.down, KEY.enter] },
        { expect: 'Autoscaling on the queue depth', keys: [KEY.down, KEY.enter] },
        { expect: 'Prometheus URL KEDA queries', keys: [KEY.enter] },
        { expect: 'Prometheus Operator PodMonitors', keys: ['y'] },
        { expect: Q.sealing, keys: [KEY.down, KEY.down, KEY.enter] },
        { expect: 'Certificate file or https:// URL', keys: [...typed(DEMO_CERT_PATH), KEY.enter] },
        { expect: Q.git, keys: ['n'] },
        { expect: Q.review, keys: [KEY.enter] },
      ],
    );
    expect(run.error).toBeNull();
    expect(run.status).toBe(0);
    const answers = storedAnswers(session.target);
    expect(answers.name).toBe('acme');
    expect(answers.repoURL).toBe('git@github.com:acme/inngest-gitops.git');
    expect(answers.platform.installOperators).toBe(false);
    expect(answers.monitoring.enabled).toBe(true);
    expect(answers.sealing.method).toBe('certificate');
    const byName = Object.fromEntries(answers.environments.map((e: { name: string }) => [e.name, e])) as Record<
      string,
      any
    >;
    expect(byName.dev.hostname).toBe('');
    expect(byName.stage).toMatchObject({
      hostname: 'inngest.stage.acme.dev',
      gateway: { namespace: 'gateway-system', name: 'shared', sectionName: 'https' },
    });
    expect(byName.dev.gateway).toBeUndefined();
    expect(byName.prod.profile).toBe('production');
    expect(byName.prod.postgres.backup.destinationPath).toBe('s3://acme-backups/inngest/prod');
    expect(byName.prod.postgres.storageClass).toBe('fast-ssd');
    expect(byName.prod.keda.source).toBe('prometheus');
    expect(byName.stage.postgres).toMatchObject({
      mode: 'external',
      external: { host: 'db.stage.acme.internal', port: 5432, egressCIDRs: ['10.20.0.0/16'] },
    });
    expect(byName.stage.valkey.mode).toBe('statefulset');
    expect(existsSync(join(session.target, 'overlays/stage/httproute.yaml'))).toBe(true);
    expect(existsSync(join(session.target, 'overlays/prod/httproute.yaml'))).toBe(true);
    expect(existsSync(join(session.target, 'overlays/dev/httproute.yaml'))).toBe(false);
    expect(existsSync(join(session.target, 'argocd/apps/platform-sealed-secrets.yaml'))).toBe(false);
    expect(existsSync(join(session.target, '.git'))).toBe(false);
    // Every secret sealed, the backup credentials from the environment too; their values nowhere.
    expect(sealedFiles(session.target, 'prod')).toContain('inngest-postgres-backup-credentials.yaml');
    expect(sealedFiles(session.target, 'dev')).toHaveLength(3);
    expect(sealedFiles(session.target, 'stage')).toEqual([
      'inngest-keys.yaml',
      'inngest-postgres-uri.yaml',
      'inngest-valkey.yaml',
    ]);
    for (const secret of ['not-a-real-secret-key', 'not-a-real-db-password']) {
      expect(run.output.toString('utf8')).not.toContain(secret);
      for (const file of listFiles(session.target))
        expect(readFileSync(join(session.target, file), 'utf8')).not.toContain(secret);
    }
  });

  for (const columns of [80, 50]) {
    it(`a wrong entry, then corrections, at ${columns} columns: the screen keeps no stale line`, async () => {
      const session = newSession();
      const longUrl = 'https://git.example.com/acme/platform/a-rather-long-repository-name-that-wraps.git';
      const run = runInTerminal(
        session,
        ['repo'],
        [
          {
            expect: Q.name,
            keys: [...typed('My_Project'), ...Array<string>(10).fill(KEY.backspace), ...typed('my-project'), KEY.enter],
          },
          // A URL longer than a line, with a space: the message shows, the line wraps; then it is fixed.
          { expect: Q.url, keys: [...typed(`${longUrl} x`), KEY.enter, KEY.backspace, KEY.backspace, KEY.enter] },
          {
            expect: Q.environments,
            keys: [
              ...typed('dev,Dev'),
              KEY.enter,
              ...Array<string>(3).fill(KEY.backspace),
              ...typed('prod'),
              KEY.enter,
            ],
          },
          ...enterAt(Q.profiles, Q.exposure, Q.stores, Q.backup('prod'), Q.cluster),
          { expect: Q.sealing, keys: [KEY.down, KEY.down, KEY.down, KEY.enter] },
          ...enterAt(Q.git, Q.review),
        ],
        { columns, rows: 24 },
      );
      expect(run.error).toBeNull();
      expect(run.status).toBe(0);
      const output = run.output.toString('utf8');
      // The messages did appear while typing …
      expect(output).toContain('The name: lowercase letters only');
      expect(output).toContain('A URL has no spaces');
      expect(output).toContain('"Dev": lowercase letters only');
      // … and the screen, scrollback included, keeps none of them, nor a half-drawn prompt.
      const screen = await screenOf(run.output, { columns, rows: 24 });
      expect(screen.filter((line) => line.includes('✖'))).toEqual([]);
      expect(screen.filter((line) => line.startsWith('? '))).toEqual([]);
      const text = screen.join('\n');
      expect(text.split('✔ Project name › my-project').length).toBe(2);
      expect(text).toContain(`✔ Git URL Argo CD reads this repository from › ${longUrl}`);
      expect(text).toContain('✔ Environments (comma-separated) › dev,prod');
      expect(storedAnswers(session.target).repoURL).toBe(longUrl);
    });
  }

  const cancellations: [string, Step[]][] = [
    ['Ctrl-C at the first question', [{ expect: Q.name, keys: [KEY.ctrlC] }]],
    ['Esc while typing', [...enterAt(Q.name, Q.url), { expect: Q.environments, keys: [...typed('dev,'), KEY.esc] }]],
    ['Esc in a multi-select', [...enterAt(Q.name, Q.url, Q.environments), { expect: Q.profiles, keys: [KEY.esc] }]],
    [
      'Ctrl-C in the sealing choice',
      [
        ...enterAt(...DEFAULT_QUESTIONS.slice(0, DEFAULT_QUESTIONS.indexOf(Q.sealing))),
        { expect: Q.sealing, keys: [KEY.down, KEY.ctrlC] },
      ],
    ],
    ['Esc at the review', [...enterAt(...DEFAULT_QUESTIONS), { expect: Q.review, keys: [KEY.esc] }]],
  ];
  for (const [label, steps] of cancellations) {
    it(`${label} exits 130 and writes nothing`, () => {
      const session = newSession();
      const run = runInTerminal(session, ['repo'], steps);
      expect(run.error).toBeNull();
      expect(run.status).toBe(130);
      expect(run.output.toString('utf8')).toMatch(/cancelled\s*$/);
      expect(existsSync(session.target)).toBe(false);
      expect(existsSync(join(session.home, 'config'))).toBe(false);
    });
  }
});
