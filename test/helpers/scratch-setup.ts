/**
 * Global set-up of every test project: one scratch folder for the run, in which each test process
 * makes its folders (tempDir in test/helpers/cli.ts finds it through CIG_TEST_SCRATCH), removed
 * when the run ends. In memory (/dev/shm) where it has room: the tests write tens of thousands of
 * small files. TMPDIR, when set, is used instead.
 */
import { mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function scratchParent(): string {
  if (process.env.TMPDIR) return tmpdir();
  try {
    const shm = statfsSync('/dev/shm');
    if (shm.bavail * shm.bsize >= 2 * 1024 ** 3) return '/dev/shm';
  } catch {
    // no /dev/shm (macOS, Windows)
  }
  return tmpdir();
}

export default function setup(): () => void {
  const dir = mkdtempSync(join(scratchParent(), 'cig-tests-'));
  // Test processes start after this and inherit the environment.
  process.env.CIG_TEST_SCRATCH = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
