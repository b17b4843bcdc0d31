import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binPath, tempDir } from '../../helpers/cli.js';
import { runMain } from '../../helpers/main.js';

/**
 * The built CLI with a time limit of its own: a run that blocks on a FIFO or reads /dev/zero
 * forever blocks its whole process, so only a separate process can be stopped and reported.
 */
function runBounded(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [binPath, ...args], {
    cwd,
    input: '',
    encoding: 'utf8',
    timeout: 20_000,
    killSignal: 'SIGKILL',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('--config reads only a regular file, at most a megabyte', () => {
  it('a FIFO is refused at once instead of waiting for a writer', () => {
    const dir = tempDir('cig-config-');
    expect(spawnSync('mkfifo', [join(dir, 'answers.yaml')]).status).toBe(0);
    const result = runBounded(['repo', '--config', 'answers.yaml'], dir);
    expect(result.stderr).toBe(
      `error: --config ${join(dir, 'answers.yaml')}: is a named pipe, not a regular file (a readable JSON or YAML file)\n`,
    );
    expect(result.status).toBe(2);
    expect(existsSync(join(dir, 'repo'))).toBe(false);
  });

  it('/dev/zero is refused instead of read without end', () => {
    const dir = tempDir('cig-config-');
    const result = runBounded(['repo', '--config', '/dev/zero'], dir);
    expect(result.stderr).toBe(
      'error: --config /dev/zero: is a device, not a regular file (a readable JSON or YAML file)\n',
    );
    expect(result.status).toBe(2);
  });

  it('a folder and an oversized file', async () => {
    const dir = tempDir('cig-config-');
    expect((await runMain(['repo', '--config', '.'], { cwd: dir })).stderr).toBe(
      `error: --config ${dir}: is a folder, not a regular file (a readable JSON or YAML file)\n`,
    );
    writeFileSync(join(dir, 'big.yaml'), `# ${'x'.repeat(2 * 1024 * 1024)}\n`);
    const big = await runMain(['repo', '--config', 'big.yaml'], { cwd: dir });
    expect(big.stderr).toMatch(
      /^error: --config .*big\.yaml: is 2097155 bytes, more than 1048576 \(a readable JSON or YAML file\)\n$/,
    );
    expect(big.status).toBe(2);
  });
});

describe('YAML answers files', () => {
  it('a custom tag is one line naming the file and line, never a multi-line YAMLWarning', () => {
    const dir = tempDir('cig-config-');
    writeFileSync(join(dir, 'answers.yaml'), 'name: acme\nrepoURL: !vault secret/repo\n');
    const result = runBounded(['repo', '--config', 'answers.yaml'], dir);
    expect(result.stderr).toBe(
      `error: --config ${join(dir, 'answers.yaml')}: is not valid YAML: line 2: Unresolved tag: !vault (a JSON or YAML mapping of answers; see --print-config)\n`,
    );
    expect(result.status).toBe(2);
    expect(existsSync(join(dir, 'repo'))).toBe(false);
  });

  it('a date-like value is the text it reads as (a tag named 2024-01-01), not "a mapping"', async () => {
    const dir = tempDir('cig-config-');
    writeFileSync(
      join(dir, 'answers.yaml'),
      'repoURL: https://github.com/acme/inngest.git\nenvironments:\n  - name: prod\n    targetRevision: 2024-01-01\n  - name: e1\n',
    );
    const result = await runMain(['repo', '--config', 'answers.yaml'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const state = JSON.parse(readFileSync(join(dir, 'repo/inngest-gitops.json'), 'utf8'));
    expect(
      state.answers.environments.map((e: { name: string; targetRevision: string }) => [e.name, e.targetRevision]),
    ).toEqual([
      ['prod', '2024-01-01'],
      ['e1', 'main'],
    ]);
  });

  it('a YAML 1.1 boolean where text is meant says what it got', async () => {
    const dir = tempDir('cig-config-');
    writeFileSync(join(dir, 'answers.yaml'), 'name: yes\n');
    const result = await runMain(['repo', '--config', 'answers.yaml'], { cwd: dir });
    expect(result.stderr).toBe(
      "error: name: must be string, got true (a DNS label of at most 40 characters: lowercase letters, digits and '-')\n",
    );
  });
});
