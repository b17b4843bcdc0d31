import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cronProblem } from '../../../src/answers/checks.js';
import { resolveAnswers } from '../../../src/answers/resolve.js';
import { userErrorOf } from '../../helpers/answers.js';
import { tempDir } from '../../helpers/cli.js';
import { runMain } from '../../helpers/main.js';

/** A scaffold run with these answers as a --config file: exit code, the one error line, and whether anything was written. */
async function scaffoldWith(answers: unknown, extra: string[] = []) {
  const dir = tempDir('cig-checks-');
  writeFileSync(join(dir, 'answers.json'), JSON.stringify(answers));
  const result = await runMain(['repo', '--config', 'answers.json', ...extra], { cwd: dir });
  return { ...result, written: existsSync(join(dir, 'repo')), dir };
}

function expectRefused(result: { status: number | null; stderr: string; written: boolean }, message: string): void {
  expect(result.stderr.trimEnd().split('\n')).toEqual([`error: ${message}`]);
  expect(result.status).toBe(2);
  expect(result.written).toBe(false);
}

const env = (settings: Record<string, unknown>) => ({ environments: [{ name: 'prod', ...settings }] });
const backup = (settings: Record<string, unknown>) =>
  env({ postgres: { backup: { destinationPath: 's3://acme-backups/prod', ...settings } } });

describe('cron schedules are checked as the scheduler parses them, not for shape only', () => {
  const retention = [
    ['99 99 99 99 99', 'minute 99 is outside 0-59'],
    ['a b c d e', 'minute "a" is not a number'],
    ['*/0 * * * *', 'minute step in "*/0" is 0 (a step is 1 or more)'],
    ['60 24 32 13 8', 'minute 60 is outside 0-59'],
    ['0 24 * * *', 'hour 24 is outside 0-23'],
    ['0 3 32 * *', 'day of month 32 is outside 1-31'],
    ['0 3 * 13 *', 'month 13 is outside 1-12'],
    ['0 3 * * 7', 'day of week 7 is outside 0-6'],
    ['0 3 * * fri-mon', 'day of week range "fri-mon" starts after it ends'],
    ['0 3 * * mon,,fri', 'day of week "mon,,fri" has an empty list item'],
    ['0 3 * foo *', 'month "foo" is not a number or a name (jan-dec)'],
  ] as const;
  for (const [schedule, problem] of retention) {
    it(`retention "${schedule}": exit 2 naming the field and the valid form, nothing written`, async () => {
      const result = await scaffoldWith(env({ retention: { schedule } }));
      expectRefused(
        result,
        `environments[0].retention.schedule: "${schedule}" is not a valid schedule: ${problem} (five cron fields in UTC: minute hour day-of-month month weekday, each field *, a value, a range a-b or a list a,b with an optional /step; months 1-12 or jan-dec, weekdays 0-6 or sun-sat; default "17 3 * * *", daily at 03:17)`,
      );
    });
  }

  const backups = [
    ['99 99 99 99 99 99', 'second 99 is outside 0-59'],
    ['a b c d e f', 'second "a" is not a number'],
    ['*/0 * * * * *', 'second step in "*/0" is 0 (a step is 1 or more)'],
    ['60 60 24 32 13 8', 'second 60 is outside 0-59'],
    ['0 0 3 * * 7', 'day of week 7 is outside 0-6'],
  ] as const;
  for (const [schedule, problem] of backups) {
    it(`backup "${schedule}" (six fields, seconds first)`, () => {
      expect(userErrorOf(backup({ schedule })).message).toBe(
        `environments[0].postgres.backup.schedule: "${schedule}" is not a valid schedule: ${problem} (six cron fields, seconds first: second minute hour day-of-month month weekday, each field *, a value, a range a-b or a list a,b with an optional /step; months 1-12 or jan-dec, weekdays 0-6 or sun-sat; such as "0 0 3 * * *" (daily at 03:00))`,
      );
    });
  }

  it('accepts ranges, steps, lists and names in any case, and reaches the manifests unchanged', () => {
    for (const schedule of ['*/15 1-5 * jan-mar MON-fri', '0 3 ? * sun', '5,35 */2 1-31/2 * *', '0 0 1 1 0']) {
      expect(cronProblem(schedule, false)).toBeUndefined();
    }
    expect(cronProblem('0 */30 1-23/2 * * SUN', true)).toBeUndefined();
    const answers = resolveAnswers(env({ retention: { enabled: true, schedule: '*/15 1-5 * jan-mar MON-fri' } }));
    expect(answers.environments[0]!.retention.schedule).toBe('*/15 1-5 * jan-mar MON-fri');
  });
});

describe('every URL answer is parsed in the answers layer: exit 2 naming the field, never "Invalid URL"', () => {
  const clusterAllowed =
    'the Kubernetes API server URL Argo CD deploys to, such as https://kubernetes.default.svc; spelled as the cluster is registered in Argo CD';
  const clusters = [
    ['https://%zz', 'has the host "%zz", which is not a DNS name'],
    ['https://[::1', 'has the host "[::1", which is not a host name or an IP address'],
    ['https://h|b', 'has the host "h|b", which is not a DNS name'],
    ['https://---', 'has the host "---", which is not a DNS name'],
    ['https://k8s.example.com:0', 'has the port "0", outside 1-65535'],
  ] as const;
  for (const [cluster, problem] of clusters) {
    it(`cluster ${cluster}`, async () => {
      const result = await scaffoldWith(env({ cluster }));
      expect(result.stderr).toMatch(
        new RegExp(`^error: environments\\[0\\]\\.cluster: "${escape(cluster)}" ${escape(problem)}`),
      );
      expect(result.stderr).toContain(`(${clusterAllowed})`);
      expectRefused(result, result.stderr.trimEnd().replace(/^error: /, ''));
    });
  }

  it('a backup endpoint on port 99999', async () => {
    const result = await scaffoldWith(backup({ endpointURL: 'https://s3.example.com:99999' }));
    expectRefused(
      result,
      'environments[0].postgres.backup.endpointURL: "https://s3.example.com:99999" has the port "99999", outside 1-65535 (the https:// URL of an S3-compatible endpoint such as https://s3.eu-central-1.amazonaws.com, or leave it out for AWS S3)',
    );
  });

  it('an SDK URL on port 99999, global or per environment', () => {
    expect(userErrorOf({ inngest: { sdkUrls: ['http://app.apps.svc:99999/api/inngest'] } }).message).toMatch(
      /^inngest\.sdkUrls\[0\]: "http:\/\/app\.apps\.svc:99999\/api\/inngest" has the port "99999", outside 1-65535 \(/,
    );
    expect(userErrorOf(env({ inngest: { sdkUrls: ['http://app:70000/'] } })).message).toMatch(
      /^environments\[0\]\.inngest\.sdkUrls\[0\]: .* outside 1-65535/,
    );
  });

  it('a Prometheus address with a query or an invalid port', () => {
    const keda = (prometheusAddress: string) => env({ keda: { source: 'prometheus', prometheusAddress } });
    expect(userErrorOf(keda('http://prometheus:9090/?x=1')).message).toMatch(
      /^environments\[0\]\.keda\.prometheusAddress: "http:\/\/prometheus:9090\/" has a query string/,
    );
    expect(userErrorOf(keda('http://prometheus:123456')).message).toMatch(/outside 1-65535/);
  });

  it('an image registry on port 99999', () => {
    expect(userErrorOf({ image: { repository: 'registry.example.com:99999/inngest' } }).message).toMatch(
      /^image\.repository: "registry\.example\.com:99999\/inngest" has the registry port 99999, outside 1-65535/,
    );
  });
});

describe('repoURL never carries credentials into argocd/, the README or inngest-gitops.json', () => {
  it('refuses user:token@ without printing it, pointing to Argo CD repository credentials', async () => {
    const result = await scaffoldWith({ repoURL: 'https://user:ghp_secret123@github.com/org/repo.git' });
    expectRefused(
      result,
      'repoURL: carries credentials (user:password@): give them to Argo CD as a repository Secret instead (argo-cd docs operator-manual/declarative-setup.md "Repositories"), never in the Applications (https://…, http://…, ssh://… or git@host:org/repo.git; empty until known)',
    );
    expect(result.stderr).not.toContain('ghp_secret123');
  });

  it('a token alone before @ is a credential too; an SSH user is not', () => {
    expect(userErrorOf({ repoURL: 'https://ghp_secret123@github.com/org/repo.git' }).message).not.toContain(
      'ghp_secret123',
    );
    expect(userErrorOf({ repoURL: 'ssh://git:hunter2@github.com/org/repo.git' }).message).toMatch(
      /^repoURL: carries credentials/,
    );
    for (const repoURL of ['ssh://git@github.com:22/org/repo.git', 'git@github.com:org/repo.git']) {
      expect(resolveAnswers({ repoURL }).repoURL).toBe(repoURL);
    }
  });

  it('a value refused by its pattern is shown without credentials or query either', () => {
    const error = userErrorOf({ repoURL: 'http://user:ghp_secret123@github.com/org/repo.git?token=abc' });
    expect(error.message).not.toMatch(/ghp_secret123|token=abc/);
  });
});

describe('limits Kubernetes enforces are answers limits', () => {
  it('an Ingress host that is an IP address', async () => {
    const result = await scaffoldWith({}, ['--host', 'prod=10.0.0.1']);
    expectRefused(
      result,
      'environments[1].hostname: "10.0.0.1" is not allowed (a fully qualified lowercase DNS name (not an IP address) such as inngest.example.com, or empty for no public host)',
    );
  });

  it('a host label over 63 characters', () => {
    expect(userErrorOf(env({ hostname: `${'a'.repeat(64)}.example.com` })).message).toMatch(
      /^environments\[0\]\.hostname: .* is not allowed/,
    );
  });

  it('a 300-character storage class', () => {
    expect(userErrorOf(env({ postgres: { storageClass: 'a'.repeat(300) } })).message).toMatch(
      /^environments\[0\]\.postgres\.storageClass: "a{57}\.\.\." has 300 characters, more than 253 \(a StorageClass name/,
    );
    expect(userErrorOf(env({ valkey: { storageClass: 'fast..ssd' } })).message).toMatch(
      /^environments\[0\]\.valkey\.storageClass: "fast\.\.ssd" is not allowed/,
    );
  });

  it('an image tag over 128 characters', async () => {
    const tag = `v1.45.1-${'a'.repeat(150)}`;
    const result = await scaffoldWith({}, ['--image-tag', tag]);
    expectRefused(
      result,
      `image.tag: "${tag.slice(0, 57)}..." has 158 characters, more than 128 (a pinned release tag such as v1.45.1 (never latest), v1.42.0 or newer)`,
    );
  });

  it('set-image refuses a tag over 128 characters too, and leaves the overlay as it was', async () => {
    const { dir } = await scaffoldWith({});
    const overlay = readFileSync(join(dir, 'repo/overlays/prod/kustomization.yaml'), 'utf8');
    const result = await runMain(['set-image', 'repo', '--env', 'prod', '--tag', `v1.45.1-${'a'.repeat(150)}`], {
      cwd: dir,
    });
    expect(result.stderr).toBe(
      'error: --tag: has 158 characters, more than 128 (a pinned release tag such as v1.45.1 (never latest), v1.42.0 or newer)\n',
    );
    expect(result.status).toBe(2);
    expect(readFileSync(join(dir, 'repo/overlays/prod/kustomization.yaml'), 'utf8')).toBe(overlay);
  });

  it('a defaulted namespace over 63 characters names the answer, not metadata.namespace', async () => {
    const result = await scaffoldWith({ name: 'a'.repeat(40), environments: [{ name: 'b'.repeat(30) }] });
    expectRefused(
      result,
      `environments[0].namespace: defaults to "${'a'.repeat(40)}-${'b'.repeat(30)}" (name-environment), 71 characters (a namespace of at most 63 characters: set environments[0].namespace, or shorten name or environments[0].name)`,
    );
  });

  it('an Application name over 63 characters (name-environment), for Argo CD label tracking', () => {
    expect(
      userErrorOf({ name: 'a'.repeat(40), environments: [{ name: 'b'.repeat(30), namespace: 'short' }] }).message,
    ).toMatch(
      /^environments\[0\]\.name: makes the Application name "a{40}-b{30}" .*71 characters \(a DNS label of at most 63/,
    );
  });

  it('U+0085 (NEL) and other Unicode whitespace are refused wherever no whitespace is meant, and shown escaped', () => {
    expect(userErrorOf(env({ targetRevision: 'main\u0085evil' })).message).toBe(
      'environments[0].targetRevision: "main\\u0085evil" is not allowed (a Git branch, tag or commit without spaces)',
    );
    for (const [input, field] of [
      [{ argocd: { revision: 'v1\u2028' } }, 'argocd.revision'],
      [env({ cluster: 'https://k8s.example.com/\u00a0' }), 'environments[0].cluster'],
      [{ inngest: { sdkUrls: ['http://app/\u0085'] } }, 'inngest.sdkUrls[0]'],
      [backup({ destinationPath: 's3://acme-backups/prod\u3000' }), 'environments[0].postgres.backup.destinationPath'],
      [{ repoURL: 'https://github.com/org/\u0085repo.git' }, 'repoURL'],
    ] as const) {
      const error = userErrorOf(input);
      expect(error.message.startsWith(`${field}: `)).toBe(true);
      expect(error.message).not.toMatch(/[\u0085\u2028\u00a0\u3000]/);
    }
  });

  it('a Git revision Git would refuse', () => {
    expect(userErrorOf({ argocd: { revision: 'main..dev' } }).message).toMatch(
      /^argocd\.revision: "main\.\.dev" holds "\.\."/,
    );
    expect(userErrorOf(env({ targetRevision: 'feature:x' })).message).toMatch(/a character Git refuses/);
  });
});

describe('cluster URLs are normalised before they are compared', () => {
  const two = (a: string, b: string) => ({
    environments: [
      { name: 'stage', cluster: a, namespace: 'inngest' },
      { name: 'prod', cluster: b, namespace: 'inngest' },
    ],
  });

  it('a trailing slash or the default port does not make a second cluster: one namespace per environment', () => {
    for (const other of ['https://k8s.example.com/', 'https://k8s.example.com:443']) {
      const message = userErrorOf(two('https://k8s.example.com', other)).message;
      expect(message).toMatch(
        /^environments\[1\]\.(namespace: "inngest" is already used by environment stage|cluster: )/,
      );
    }
  });

  it('an uppercase host is the same cluster spelled differently, which Argo CD would not find', () => {
    const answers = two('https://k8s.example.com', 'https://K8S.example.com');
    answers.environments[1]!.namespace = 'inngest-prod';
    expect(userErrorOf(answers).message).toBe(
      'environments[1].cluster: "https://K8S.example.com" is the cluster of environments[0].cluster ("https://k8s.example.com") spelled differently (the same spelling for every environment on a cluster, as it is registered in Argo CD: Argo CD compares cluster URLs as text)',
    );
  });

  it('the same cluster in one spelling gets one set of operator Applications', async () => {
    const dir = tempDir('cig-checks-');
    writeFileSync(
      join(dir, 'answers.json'),
      JSON.stringify({
        environments: [
          { name: 'stage', cluster: 'https://k8s.example.com/' },
          { name: 'prod', cluster: 'https://k8s.example.com' },
        ],
      }),
    );
    expect((await runMain(['repo', '--config', 'answers.json'], { cwd: dir })).status).toBe(0);
    expect(readFileSync(join(dir, 'repo/argocd/apps/platform-keda.yaml'), 'utf8')).toContain('name: platform-keda\n');
  });
});

describe('messages name the answer and say what is allowed', () => {
  it('a duplicate list item', () => {
    expect(userErrorOf({ inngest: { sdkUrls: ['http://a.apps.svc/x', 'http://a.apps.svc/x'] } }).message).toBe(
      'inngest.sdkUrls: lists "http://a.apps.svc/x" twice (items 0 and 1) (a list of app serve URLs Inngest syncs at start (INNGEST_SDK_URL, comma-joined); default none)',
    );
    expect(userErrorOf({ inngest: { appEgressPorts: [80, 80] } }).message).toBe(
      'inngest.appEgressPorts: lists 80 twice (items 0 and 1) (a list of TCP ports Inngest may call app SDK URLs on)',
    );
  });

  it('too many list items', () => {
    const environments = Array.from({ length: 11 }, (_, i) => ({ name: `e${i}` }));
    expect(userErrorOf({ environments }).message).toBe(
      'environments: has 11 items, more than 10 (a list of 1 to 10 environments, each with at least a name)',
    );
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
