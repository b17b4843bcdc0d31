/**
 * The interactive scaffold in-process: main() with a stdin and stdout that say they are a
 * terminal, the real prompts of src/io/terminal.ts reading raw key bytes. (test/pty/ drives the
 * built CLI through a real pseudo-terminal; these are the fast cases.)
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli.js';
import { listFiles, tempDir } from '../../helpers/cli.js';
import { demoControllerKeyPair } from '../../helpers/keys.js';

const ENTER = '\r';
const DOWN = '\u001b[B';
const CTRL_C = '\u0003';
const ESC = '\u001b';
const CTRL_U = '\u0015';

/** PATH without kubeseal: the sealing choices and the sealer do not depend on this machine. */
const PATH = (process.env.PATH ?? '')
  .split(':')
  .filter((d) => !existsSync(join(d, 'kubeseal')))
  .join(':');

function session(options: { env?: NodeJS.ProcessEnv; argv?: string[] } = {}) {
  const home = tempDir('cig-home-');
  const cwd = tempDir('cig-cwd-');
  const gitconfig = join(home, 'gitconfig');
  writeFileSync(gitconfig, '[user]\n\tname = Test\n\temail = test@example.com\n');
  const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => undefined });
  const stdout = Object.assign(new PassThrough(), { isTTY: true, columns: 80 });
  const stderr = new PassThrough();
  const text = { out: '', err: '' };
  stdout.on('data', (d: Buffer) => (text.out += d.toString()));
  stderr.on('data', (d: Buffer) => (text.err += d.toString()));
  const env = {
    PATH,
    HOME: home,
    XDG_CONFIG_HOME: join(home, 'config'),
    GIT_CONFIG_GLOBAL: gitconfig,
    GIT_CONFIG_NOSYSTEM: '1',
    NO_COLOR: '1',
    ...options.env,
  };
  const target = join(cwd, 'repo');
  return {
    home,
    cwd,
    target,
    text,
    /** Type keys; each string arrives as one read, as a key press (or a paste) does. */
    type: (...keys: string[]) => keys.forEach((k) => stdin.write(k)),
    /** Type a key once the screen shows `shown`: when that prompt is on screen, as a person would. */
    typeWhenShown: (shown: string, key: string) => {
      const typeOnce = () => {
        if (!text.out.includes(shown)) return;
        stdout.removeListener('data', typeOnce);
        stdin.write(key);
      };
      stdout.on('data', typeOnce);
    },
    run: () =>
      main(['repo', ...(options.argv ?? [])], {
        stdin,
        stdout,
        stderr,
        env,
        cwd,
        newControllerKeyPair: demoControllerKeyPair,
      }),
  };
}

const keyFolder = (home: string) => join(home, 'config/inngest-gitops/inngest');

describe('the interactive scaffold', () => {
  it('all Enter: two environments, a new controller key outside the repository, every secret sealed', async () => {
    const s = session();
    // name, URL, environments, profiles, exposure, stores, prod backups, cluster, sealing, git, write: eleven Enters.
    s.type(ENTER.repeat(11));
    expect(await s.run()).toBe(0);
    const stored = JSON.parse(readFileSync(join(s.target, 'inngest-gitops.json'), 'utf8')).answers;
    expect(stored.environments.map((e: { name: string; profile: string }) => [e.name, e.profile])).toEqual([
      ['stage', 'small'],
      ['prod', 'production'],
    ]);
    expect(stored.sealing).toMatchObject({ method: 'new-key', keyFolder: '~/config/inngest-gitops/inngest' });
    expect(statSync(join(keyFolder(s.home), 'sealed-secrets.key')).mode & 0o777).toBe(0o600);
    for (const env of ['stage', 'prod'])
      expect(listFiles(join(s.target, 'secrets', env)).sort()).toEqual([
        'inngest-keys.yaml',
        'inngest-postgres-role.yaml',
        'inngest-valkey.yaml',
        'kustomization.yaml',
      ]);
    for (const file of listFiles(s.target).filter((f) => !f.startsWith('.git/')))
      expect(readFileSync(join(s.target, file), 'utf8')).not.toContain('PRIVATE KEY');
    expect(s.text.out).toContain('Review');
    expect(s.text.out).toContain('Sealed 6 secrets for 2 environments with the built-in sealer.');
    expect(s.text.out).toMatch(
      /^Git: new repository in repo on branch main, \d+ files in a first commit \(not pushed\)\.$/m,
    );
    expect(s.text.err).toBe('');
  }, 60_000);

  it('checks an answer as it is typed, in the prompt’s words, and takes the corrected one', async () => {
    const s = session({ argv: ['--no-git'] });
    s.type('Acme', CTRL_U, 'acme_', '\u007f', ENTER, ENTER, 'dev,Prod', '\u007f\u007f\u007f\u007f', 'prod', ENTER);
    s.type(ENTER.repeat(5), DOWN, DOWN, DOWN, ENTER, ENTER); // profiles … cluster; sealing: later; write
    expect(await s.run()).toBe(0);
    expect(s.text.out).toContain('The name: lowercase letters only');
    expect(s.text.out).toContain("The name: only letters, digits and '-'");
    expect(s.text.out).toContain('"Prod": lowercase letters only');
    const stored = JSON.parse(readFileSync(join(s.target, 'inngest-gitops.json'), 'utf8')).answers;
    expect(stored.name).toBe('acme');
    expect(stored.environments.map((e: { name: string }) => e.name)).toEqual(['dev', 'prod']);
    expect(stored.sealing.method).toBe('later');
  });

  it('the review offers an edit; a problem the edit causes re-asks the question it belongs to', async () => {
    const s = session({ argv: ['--no-git'] });
    const long = 'a'.repeat(40);
    s.type(ENTER, ENTER, CTRL_U, 'stage,production-eu-west-1-primary', ENTER);
    s.type(ENTER.repeat(4), DOWN, DOWN, DOWN, ENTER); // profiles, exposure, stores, cluster; sealing later
    s.type(DOWN, ENTER, ENTER); // review: edit an answer, then none: back to the review
    s.type(DOWN, ENTER); // review: edit an answer
    s.type(DOWN, ENTER, CTRL_U, long, ENTER); // the first answer: the project name
    // back at the end, the environments no longer fit the namespace length: asked again
    s.type(CTRL_U, 'stage,prod', ENTER, ENTER, ENTER); // prod's backups (a new question), then written
    expect(await s.run()).toBe(0);
    expect(s.text.out).toContain('"production-eu-west-1-pr…" makes a 69-character namespace; at most 63');
    expect(s.text.out).toContain('✔ Which answer? › None: back to the review');
    const stored = JSON.parse(readFileSync(join(s.target, 'inngest-gitops.json'), 'utf8')).answers;
    expect(stored.name).toBe(long);
    expect(stored.environments.map((e: { name: string }) => e.name)).toEqual(['stage', 'prod']);
  });

  for (const [where, keys, shown] of [
    ['at the first question', [], 'Project name'],
    ['in the middle', [ENTER, ENTER, ENTER], 'Production profile for'],
    ['at the review', [ENTER.repeat(10)], 'Review'],
  ] as const) {
    for (const [label, cancel] of [
      ['Ctrl-C', CTRL_C],
      ['Esc', ESC],
    ] as const) {
      it(`${label} ${where} exits 130 and writes nothing, not even the key`, async () => {
        const s = session();
        s.type(...keys);
        s.typeWhenShown(shown, cancel);
        expect(await s.run()).toBe(130);
        expect(s.text.err.trim()).toBe('cancelled');
        expect(existsSync(s.target)).toBe(false);
        expect(existsSync(keyFolder(s.home))).toBe(false);
      });
    }
  }

  it('Cancel at the review writes nothing', async () => {
    const s = session();
    s.type(ENTER.repeat(10), DOWN, DOWN, ENTER);
    expect(await s.run()).toBe(130);
    expect(existsSync(s.target)).toBe(false);
  });

  it('Gateway API: one Gateway reference for every exposed environment, a hostname each', async () => {
    const s = session({ argv: ['--no-git'] });
    s.type(ENTER, ENTER, CTRL_U, 'dev,prod', ENTER, ENTER); // name, URL, environments, profiles
    s.type(DOWN, ENTER); // exposure: Gateway API
    s.type('gw/Shared', ENTER, CTRL_U, 'gateway-system/shared/https', ENTER);
    s.type(ENTER, 'inngest.acme.dev', ENTER); // dev: not exposed; prod: a host
    s.type(ENTER, ENTER, ENTER, DOWN, DOWN, DOWN, ENTER, ENTER); // stores, backups, cluster, sealing later, write
    expect(await s.run()).toBe(0);
    expect(s.text.out).toContain('Lowercase letters only');
    const stored = JSON.parse(readFileSync(join(s.target, 'inngest-gitops.json'), 'utf8')).answers;
    const [dev, prod] = stored.environments;
    expect(dev.hostname).toBe('');
    expect(dev.gateway).toBeUndefined();
    expect(prod).toMatchObject({
      hostname: 'inngest.acme.dev',
      gateway: { namespace: 'gateway-system', name: 'shared', sectionName: 'https' },
    });
    expect(existsSync(join(s.target, 'overlays/prod/httproute.yaml'))).toBe(true);
    expect(existsSync(join(s.target, 'overlays/prod/ingress.yaml'))).toBe(false);
    expect(s.text.out).toContain(
      'https://inngest.acme.dev: HTTPRoute on Gateway gateway-system/shared/https, proxy pods in gateway-system',
    );
  });

  it("an Ingress: the class (empty: the cluster's default) for every exposed environment", async () => {
    const s = session({ argv: ['--no-git'] });
    s.type(ENTER, ENTER, CTRL_U, 'prod', ENTER, ENTER); // name, URL, environments, profiles
    s.type(DOWN, DOWN, ENTER, 'traefik', ENTER, 'inngest.acme.dev', ENTER); // Ingress, class, host
    s.type(ENTER, ENTER, ENTER, DOWN, DOWN, DOWN, ENTER, ENTER); // stores, backups, cluster, sealing later, write
    expect(await s.run()).toBe(0);
    const [prod] = JSON.parse(readFileSync(join(s.target, 'inngest-gitops.json'), 'utf8')).answers.environments;
    expect(prod.ingress).toMatchObject({ className: 'traefik' });
    expect(prod.gateway).toBeUndefined();
    expect(existsSync(join(s.target, 'overlays/prod/ingress.yaml'))).toBe(true);
  });

  it('existing servers: where each is and its networks, checked as typed; no backup question for them', async () => {
    const s = session({ argv: ['--no-git'] });
    s.type(ENTER, ENTER, CTRL_U, 'dev,prod', ENTER, ENTER, ENTER); // name, URL, environments, profiles, exposure
    s.type(DOWN, DOWN, ' ', DOWN, ' ', ENTER); // stores: prod's PostgreSQL and Redis
    s.type('db.acme.internal:99999', ENTER, CTRL_U, 'db.acme.internal:5433', ENTER);
    s.type('10.20.0.1/16', ENTER, CTRL_U, '10.20.0.0/16', ENTER);
    s.type('cache.acme.internal', ENTER, DOWN, ENTER); // Redis: host, plain redis://
    s.type('10.30.0.0/24, 10.31.0.0/24', ENTER);
    s.type(ENTER, DOWN, DOWN, DOWN, ENTER, ENTER); // cluster, sealing later, write
    expect(await s.run()).toBe(0);
    expect(s.text.out).toContain('The port: a number from 1 to 65535');
    expect(s.text.out).toContain('"10.20.0.1/16" has host bits set');
    expect(s.text.out).not.toContain("S3 folder for prod's Postgres backups");
    expect(s.text.out).toContain('Postgres: existing server db.acme.internal:5433 (egress to 10.20.0.0/16)');
    const [dev, prod] = JSON.parse(readFileSync(join(s.target, 'inngest-gitops.json'), 'utf8')).answers.environments;
    expect([dev.postgres.mode, dev.valkey.mode]).toEqual(['cloudnative-pg', 'statefulset']);
    expect(prod.postgres).toMatchObject({
      mode: 'external',
      external: { host: 'db.acme.internal', port: 5433, egressCIDRs: ['10.20.0.0/16'] },
    });
    expect(prod.valkey).toMatchObject({
      mode: 'external',
      external: { host: 'cache.acme.internal', port: 6379, tls: false, egressCIDRs: ['10.30.0.0/24', '10.31.0.0/24'] },
    });
    expect(existsSync(join(s.target, 'overlays/prod/external-stores.yaml'))).toBe(true);
    expect(existsSync(join(s.target, 'overlays/prod/patches/postgres-cluster.yaml'))).toBe(false);
    expect(existsSync(join(s.target, 'overlays/dev/patches/postgres-cluster.yaml'))).toBe(true);
    expect(s.text.out).toContain('INNGEST_GITOPS_PROD_POSTGRES_URI');
  });

  it('an earlier answer is like selected text: Backspace clears it, End makes it editable', async () => {
    const s = session({ argv: ['--no-git'] });
    s.type('\u007f', ENTER, 'acme', ENTER); // name: cleared, so refused as empty; then typed
    s.type(ENTER, '\u0005', ',qa', ENTER); // URL; environments: End, then appended to stage,prod
    s.type(ENTER.repeat(5), DOWN, DOWN, DOWN, ENTER, ENTER); // profiles … cluster; sealing later; write
    expect(await s.run()).toBe(0);
    expect(s.text.out).toContain('The name is needed');
    const stored = JSON.parse(readFileSync(join(s.target, 'inngest-gitops.json'), 'utf8')).answers;
    expect(stored.name).toBe('acme');
    expect(stored.environments.map((e: { name: string }) => e.name)).toEqual(['stage', 'prod', 'qa']);
  });

  it('an environment an edit adds again is asked its own questions again', async () => {
    const s = session({ argv: ['--no-git'] });
    s.type(ENTER, ENTER, ENTER, ENTER); // name, URL, environments stage,prod, profiles
    s.type(DOWN, DOWN, ENTER, ENTER); // exposure: Ingress; class: the cluster's default
    s.type(ENTER, 'inngest.example.com', ENTER); // stage: not exposed; prod: a host
    s.type(ENTER, ENTER, ENTER, DOWN, DOWN, DOWN, ENTER); // stores, prod backups, cluster, sealing later
    s.type(DOWN, ENTER, DOWN, DOWN, DOWN, ENTER, CTRL_U, 'stage', ENTER); // edit environments: stage only
    s.type(DOWN, ENTER, DOWN, DOWN, DOWN, ENTER, CTRL_U, 'stage,prod', ENTER); // and prod again
    s.type('inngest.prod.example.com', ENTER, ENTER, ENTER); // prod's host and backups asked again; write
    expect(await s.run()).toBe(0);
    expect(s.text.out.match(/✔ Hostname for prod › /g)).toHaveLength(2); // answered, then asked again
    const [, prod] = JSON.parse(readFileSync(join(s.target, 'inngest-gitops.json'), 'utf8')).answers.environments;
    expect(prod.hostname).toBe('inngest.prod.example.com');
  });

  it('does not ask what a flag answered', async () => {
    const s = session({ argv: ['--name', 'acme', '--repo-url', 'git@github.com:acme/x.git', '--no-git'] });
    s.type(ENTER.repeat(6), DOWN, DOWN, DOWN, ENTER, ENTER); // environments … cluster, sealing later, write
    expect(await s.run()).toBe(0);
    expect(s.text.out).not.toContain('Project name');
    expect(s.text.out).not.toContain('Git URL Argo CD reads');
    expect(s.text.out).not.toContain('Create a Git repository');
    expect(s.text.out).toMatch(/Git {9}no git init/); // the review shows --no-git
    expect(existsSync(join(s.target, '.git'))).toBe(false);
  });

  it('colours prompts on a terminal, and never under NO_COLOR', async () => {
    const coloured = session({ env: { NO_COLOR: '' } });
    coloured.type(CTRL_C);
    await coloured.run();
    expect(coloured.text.out).toContain('\u001b[1m'); // bold question
    const plain = session({ env: { NO_COLOR: '1' } });
    plain.type(CTRL_C);
    await plain.run();
    expect(plain.text.out).not.toMatch(new RegExp(`${ESC}\\[\\d+m`));
  });
});
