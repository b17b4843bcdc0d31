import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyFlags } from '../../../src/answers/flags.js';
import { defaultAnswers, resolveAnswers } from '../../../src/answers/resolve.js';
import { APP_URLS, userErrorOf } from '../../helpers/answers.js';
import { tempDir } from '../../helpers/cli.js';
import { runMain } from '../../helpers/main.js';

describe('default answers', () => {
  const answers = defaultAnswers();

  it('has stage and prod, sized by profile', () => {
    expect(answers.environments.map((e) => [e.name, e.profile, e.namespace, e.replicas])).toEqual([
      ['stage', 'small', 'inngest-stage', 1],
      ['prod', 'production', 'inngest-prod', 2],
    ]);
  });

  it('pins the Inngest image to a release, never latest', () => {
    expect(answers.image).toEqual({ repository: 'inngest/inngest', tag: 'v1.45.1' });
  });

  it('gives prod room for every replica in Postgres', () => {
    const prod = answers.environments[1]!;
    expect(prod.postgres.maxConnections).toBeGreaterThanOrEqual(prod.replicas * answers.inngest.postgresMaxOpenConns);
  });

  it('has no Ingress unless a hostname is given (the dashboard is unauthenticated)', () => {
    expect(answers.environments.every((e) => e.hostname === '')).toBe(true);
  });
});

describe('config merged over defaults', () => {
  it('accepts dev, stage and prod with hostnames; prod is production-sized by name', () => {
    const answers = resolveAnswers({
      environments: [
        { name: 'dev' },
        { name: 'stage', hostname: 'inngest.stage.example.com' },
        { name: 'prod', hostname: 'inngest.example.com', replicas: 3 },
      ],
    });
    expect(answers.environments.map((e) => [e.name, e.profile, e.hostname, e.replicas])).toEqual([
      ['dev', 'small', '', 1],
      ['stage', 'small', 'inngest.stage.example.com', 1],
      ['prod', 'production', 'inngest.example.com', 3],
    ]);
  });

  it('lets flags override the config file', () => {
    const merged = applyFlags(
      { name: 'from-file', environments: [{ name: 'qa' }] },
      { name: 'from-flag', environments: 'qa,prod', host: ['prod=inngest.example.com'] },
    );
    const answers = resolveAnswers(merged);
    expect(answers.name).toBe('from-flag');
    expect(answers.environments.map((e) => [e.name, e.hostname])).toEqual([
      ['qa', ''],
      ['prod', 'inngest.example.com'],
    ]);
  });
});

describe('bad input is one line naming the field', () => {
  const cases: [string, unknown, string][] = [
    [
      'invalid DNS name',
      { environments: [{ name: 'Prod_1' }] },
      'environments[0].name: "Prod_1" is not allowed (a DNS label',
    ],
    [
      'invalid hostname',
      { environments: [{ name: 'prod', hostname: 'not a host' }] },
      'environments[0].hostname: "not a host" is not allowed (a fully qualified',
    ],
    ['latest tag', { image: { tag: 'latest' } }, 'image.tag: "latest" is not allowed (a pinned release tag'],
    ['malformed tag', { image: { tag: '1.45' } }, 'image.tag: "1.45" is not allowed'],
    [
      'tag older than Connect HA',
      { image: { tag: 'v1.41.3' } },
      'image.tag: v1.41.3 is older than v1.42.0, the first release with Connect across replicas',
    ],
    ['unknown key', { replicaz: 3 }, 'replicaz: unknown key (known keys: name, repoURL'],
    ['unknown nested key', { environments: [{ name: 'prod', replicaz: 3 }] }, 'environments[0].replicaz: unknown key'],
    [
      'wrong type',
      { environments: [{ name: 'prod', replicas: '3' }] },
      'environments[0].replicas: must be integer, got "3"',
    ],
    [
      'duplicate environment',
      { environments: [{ name: 'prod' }, { name: 'prod' }] },
      'environments[1].name: "prod" is used twice',
    ],
    [
      'request above limit',
      {
        environments: [
          { name: 'prod', resources: { requests: { cpu: '4', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } } },
        ],
      },
      'environments[0].resources.requests.cpu: 4 is above the limit 2',
    ],
  ];
  for (const [label, input, message] of cases) {
    it(label, () => {
      const error = userErrorOf(input);
      expect(error.message).toContain(message);
      expect(error.message).not.toContain('\n');
      expect(error.exitCode).toBe(2);
    });
  }
});

describe('Connect ingress', () => {
  it('needs the API hostname too, since workers start Connect sessions there', () => {
    const error = userErrorOf({ environments: [{ name: 'prod', connectHostname: 'connect.example.com' }] });
    expect(error.message).toBe(
      'environments[0].connectHostname: needs a public hostname for the API too: workers start Connect sessions there (set environments[0].hostname, or leave connectHostname empty)',
    );
  });
});

describe('bad day-2 input is one line with the exact message (exit 2)', () => {
  const cases: [string, unknown, string][] = [
    [
      'an SDK URL that is not http(s)',
      { inngest: { sdkUrls: ['ftp://app.example.com/api/inngest'] } },
      'inngest.sdkUrls[0]: "ftp://app.example.com/api/inngest" is not allowed (an http:// or https:// app serve URL without spaces or commas, such as http://my-app.my-namespace.svc.cluster.local:3000/api/inngest)',
    ],
    [
      'a negative retention',
      { environments: [{ name: 'prod', retention: { days: -1 } }] },
      'environments[0].retention.days: -1 is not allowed (days of finished run history to keep, an integer from 1 to 3650; default 30)',
    ],
    [
      'a tick of 0',
      { inngest: { tick: 0 } },
      'inngest.tick: 0 is not allowed (milliseconds between queue polls, an integer from 1 to 60000; default 150, as inngest start)',
    ],
    [
      'a tick of 0 in an environment override',
      { environments: [{ name: 'prod', inngest: { tick: 0 } }] },
      'environments[0].inngest.tick: 0 is not allowed (milliseconds between queue polls, an integer from 1 to 60000; default 150, as inngest start)',
    ],
    [
      'a misspelled setting',
      { inngest: { logLvel: 'debug' } },
      'inngest.logLvel: unknown key (known keys: logLevel, sdkUrls, pollInterval, retryInterval, queueWorkers, tick, postgresMaxOpenConns, postgresMaxIdleConns, postgresConnMaxIdleTime, postgresConnMaxLifetime, noUI, experimentalPromMetrics, terminationGracePeriodSeconds, appEgressPorts)',
    ],
    [
      'a key that is not a per-environment setting',
      { environments: [{ name: 'prod', inngest: { terminationGracePeriodSeconds: 300 } }] },
      'environments[0].inngest.terminationGracePeriodSeconds: unknown key (known keys: logLevel, sdkUrls, pollInterval, retryInterval, queueWorkers, tick, postgresMaxOpenConns, postgresMaxIdleConns, postgresConnMaxIdleTime, postgresConnMaxLifetime, noUI, experimentalPromMetrics)',
    ],
    [
      'a six-field cron for retention',
      { environments: [{ name: 'prod', retention: { schedule: '0 0 3 * * *' } }] },
      'environments[0].retention.schedule: "0 0 3 * * *" is not allowed (five cron fields in UTC: minute hour day-of-month month weekday, each field *, a value, a range a-b or a list a,b with an optional /step; months 1-12 or jan-dec, weekdays 0-6 or sun-sat; default "17 3 * * *", daily at 03:17)',
    ],
    [
      'an override that would need to remove a ConfigMap key',
      { inngest: { sdkUrls: APP_URLS }, environments: [{ name: 'prod', inngest: { sdkUrls: [] } }] },
      'environments[0].inngest.sdkUrls: cannot switch off inngest.sdkUrls for one environment (set sdkUrls per environment instead of in inngest.sdkUrls)',
    ],
    [
      'an override that puts idle above open connections',
      { environments: [{ name: 'prod', inngest: { postgresMaxIdleConns: 50 } }] },
      'environments[0].inngest.postgresMaxIdleConns: leaves postgresMaxIdleConns (50) above postgresMaxOpenConns (20) (postgresMaxIdleConns at most postgresMaxOpenConns)',
    ],
  ];
  for (const [label, input, message] of cases) {
    it(label, () => {
      const error = userErrorOf(input);
      expect(error.message).toBe(message);
      expect(error.exitCode).toBe(2);
    });
  }

  it('the CLI prints the same line and exits 2', async () => {
    const dir = tempDir();
    const config = join(dir, 'answers.json');
    writeFileSync(
      config,
      JSON.stringify({ environments: [{ name: 'prod', inngest: { sdkUrls: ['app.example.com:3000'] } }] }),
    );
    const result = await runMain([join(dir, 'repo'), '--config', config]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'error: environments[0].inngest.sdkUrls[0]: "app.example.com:3000" is not allowed (an http:// or https:// app serve URL without spaces or commas, such as http://my-app.my-namespace.svc.cluster.local:3000/api/inngest)\n',
    );
  });
});

describe('bad data-plane answers: one line, exit code 2', () => {
  it.each([
    [
      'a storage size that is not a quantity',
      { environments: [{ name: 'stage', postgres: { storageSize: '5GB' } }] },
      'environments[0].postgres.storageSize',
      'environments[0].postgres.storageSize: "5GB" is not allowed (a whole storage size in Mi, Gi or Ti, such as 5Gi)',
    ],
    [
      'a Valkey storage size that is not a quantity',
      { environments: [{ name: 'stage', valkey: { storageSize: 'big' } }] },
      'environments[0].valkey.storageSize',
      'environments[0].valkey.storageSize: "big" is not allowed (a whole storage size in Mi, Gi or Ti, such as 5Gi)',
    ],
    [
      'zero instances',
      { environments: [{ name: 'prod', postgres: { instances: 0 } }] },
      'environments[0].postgres.instances',
      'environments[0].postgres.instances: 0 is not allowed (an integer from 1 to 9)',
    ],
    [
      'a pool that cannot fit max_connections',
      {
        inngest: { postgresMaxOpenConns: 100 },
        environments: [{ name: 'prod', replicas: 3, keda: { enabled: false }, postgres: { maxConnections: 200 } }],
      },
      'environments[0].postgres.maxConnections',
      'environments[0].postgres.maxConnections: 200 cannot fit 3 Inngest replicas × 100 inngest.postgresMaxOpenConns + 20 headroom = 320 (at least 320, or lower inngest.postgresMaxOpenConns or the replicas)',
    ],
    [
      'a backup destination that is not s3://',
      { environments: [{ name: 'prod', postgres: { backup: { destinationPath: 'https://bucket/prod' } } }] },
      'environments[0].postgres.backup.destinationPath',
      'environments[0].postgres.backup.destinationPath: "https://bucket/prod" is not allowed (an S3 bucket URL and optional folder such as s3://my-backups/inngest/prod; one per environment)',
    ],
    [
      'a backup without a destination',
      { environments: [{ name: 'prod', postgres: { backup: { schedule: '0 0 3 * * *' } } }] },
      'environments[0].postgres.backup.destinationPath',
      'environments[0].postgres.backup.destinationPath: is required (an S3 bucket URL and optional folder such as s3://my-backups/inngest/prod; one per environment)',
    ],
    [
      'a five-field cron',
      {
        environments: [
          { name: 'prod', postgres: { backup: { destinationPath: 's3://backups/prod', schedule: '0 3 * * *' } } },
        ],
      },
      'environments[0].postgres.backup.schedule',
      'environments[0].postgres.backup.schedule: "0 3 * * *" is not allowed (six cron fields, seconds first: second minute hour day-of-month month weekday, each field *, a value, a range a-b or a list a,b with an optional /step; months 1-12 or jan-dec, weekdays 0-6 or sun-sat; such as "0 0 3 * * *" (daily at 03:00))',
    ],
    [
      'an http endpoint',
      {
        environments: [
          {
            name: 'prod',
            postgres: { backup: { destinationPath: 's3://backups/prod', endpointURL: 'http://minio:9000' } },
          },
        ],
      },
      'environments[0].postgres.backup.endpointURL',
      'environments[0].postgres.backup.endpointURL: "http://minio:9000" is not allowed (the https:// URL of an S3-compatible endpoint such as https://s3.eu-central-1.amazonaws.com, or leave it out for AWS S3)',
    ],
    [
      'a retention that is not days, weeks or months',
      {
        environments: [
          { name: 'prod', postgres: { backup: { destinationPath: 's3://backups/prod', retentionPolicy: '1y' } } },
        ],
      },
      'environments[0].postgres.backup.retentionPolicy',
      'environments[0].postgres.backup.retentionPolicy: "1y" is not allowed (a number of days, weeks or months such as 30d, 4w or 6m)',
    ],
    [
      'two environments archiving into one folder',
      {
        environments: [
          { name: 'stage', postgres: { backup: { destinationPath: 's3://backups/inngest' } } },
          { name: 'prod', postgres: { backup: { destinationPath: 's3://backups/inngest/' } } },
        ],
      },
      'environments[1].postgres.backup.destinationPath',
      'environments[1].postgres.backup.destinationPath: "s3://backups/inngest/" is already used by environment stage (a different bucket or folder per environment)',
    ],
  ])('%s', (_what, input, field, message) => {
    const error = userErrorOf(input);
    expect(error.field).toBe(field);
    expect(error.message).toBe(message);
    expect(error.message).not.toContain('\n');
    expect(error.exitCode).toBe(2);
  });

  it('fills backup defaults: daily at 03:00, 30 days', () => {
    const answers = resolveAnswers({
      environments: [{ name: 'prod', postgres: { backup: { destinationPath: 's3://backups/prod' } } }],
    });
    expect(answers.environments[0]!.postgres.backup).toEqual({
      destinationPath: 's3://backups/prod',
      schedule: '0 0 3 * * *',
      retentionPolicy: '30d',
    });
    expect(resolveAnswers({}).environments.every((e) => e.postgres.backup === undefined)).toBe(true);
  });
});

describe('derived values are checked where they are derived', () => {
  it('a pool size whose derived max_connections passes PostgreSQL’s limit names the pool size, not the derived value', () => {
    const error = userErrorOf({ inngest: { postgresMaxOpenConns: 1000 } });
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(
      'inngest.postgresMaxOpenConns: 1000 connections per Inngest pod × 10 pods of prod + 20 headroom need max_connections 10020, above the 10000 PostgreSQL is given here (at most 998 with 10 pods, or fewer pods (environments[1].keda.maxReplicas))',
    );
  });

  it('names the environment’s own override when that is what the user set', () => {
    const error = userErrorOf({
      environments: [{ name: 'prod', replicas: 40, keda: { enabled: false }, inngest: { postgresMaxOpenConns: 300 } }],
    });
    expect(error.field).toBe('environments[0].inngest.postgresMaxOpenConns');
    expect(error.message).toContain('(at most 249 with 40 pods, or fewer pods (environments[0].replicas))');
  });

  it('the answers a repository records always pass the schema', async () => {
    const fc = await import('fast-check');
    const { validateAnswers } = await import('../../../src/answers/validator.js');
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 1000 }),
        fc.integer({ min: 1, max: 100 }),
        fc.boolean(),
        (open, replicas, keda) => {
          let resolved;
          try {
            resolved = resolveAnswers({
              inngest: { postgresMaxOpenConns: open, postgresMaxIdleConns: 0 },
              environments: [{ name: 'prod', replicas, keda: { enabled: keda, maxReplicas: replicas } }],
            });
          } catch (error) {
            expect((error as Error).name).toBe('UserError');
            return;
          }
          expect(validateAnswers(structuredClone(resolved))).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
