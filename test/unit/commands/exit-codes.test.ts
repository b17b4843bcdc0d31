import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/cli.js';
import { runMain } from '../../helpers/main.js';

/** Exit codes: 1 when the machine or the tool's own files are at fault, 2 for what the user gave. */
describe('exit codes follow the contract', () => {
  it('an unreadable state file is the machine side (exit 1), not a bad answer', async () => {
    const dir = tempDir('cig-exit-');
    mkdirSync(join(dir, 'repo'));
    writeFileSync(join(dir, 'repo/inngest-gitops.json'), '{"generator": ');
    const result = await runMain(['repo', '--yes'], { cwd: dir });
    expect(result.stderr).toMatch(
      /^error: .*repo\/inngest-gitops\.json: is not valid JSON \(.*\); restore the file create-inngest-gitops wrote from Git\n$/,
    );
    expect(result.status).toBe(1);
  });

  it('a state file of something else is exit 1 too', async () => {
    const dir = tempDir('cig-exit-');
    mkdirSync(join(dir, 'repo'));
    writeFileSync(join(dir, 'repo/inngest-gitops.json'), '{"name": "not ours"}');
    const result = await runMain(['validate', 'repo'], { cwd: dir });
    expect(result.stderr).toMatch(
      /inngest-gitops\.json: is not a create-inngest-gitops state file; restore it from Git\n$/,
    );
    expect(result.status).toBe(1);
  });

  it('a dangling symbolic link as target: a clean message, exit 2, nothing written beside it', async () => {
    const dir = tempDir('cig-exit-');
    symlinkSync(join(dir, 'gone/repo'), join(dir, 'repo'));
    const result = await runMain(['repo', '--yes'], { cwd: dir });
    expect(result.stderr).toBe(
      `error: ${join(dir, 'repo')}: is a symbolic link to ${join(dir, 'gone/repo')}, which does not exist (a new or empty folder, or a link to an existing one)\n`,
    );
    expect(result.status).toBe(2);
    expect(readdirSync(dir)).toEqual(['repo']);
  });

  it('a target below a file', async () => {
    const dir = tempDir('cig-exit-');
    writeFileSync(join(dir, 'notes'), 'mine');
    const result = await runMain(['notes/repo', '--yes'], { cwd: dir });
    expect(result.stderr).toBe(
      `error: ${join(dir, 'notes')}: cannot be created: a file is in the way (EEXIST) (a path through folders only)\n`,
    );
    expect(result.status).toBe(2);
    expect(existsSync(join(dir, 'notes/repo'))).toBe(false);
  });
});
