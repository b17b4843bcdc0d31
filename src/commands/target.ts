import { join } from 'node:path';
import { println, type CommandIO } from '../io/command-io.js';
import { completeInterrupted, lockTarget, readDisk, readDiskAsCompleted } from '../io/write.js';
import { parseState, STATE_FILE, type RepositoryState } from '../plan/state.js';

/** A target as a run plans against it: every file (but .git/) and its parsed inngest-gitops.json. */
export interface TargetView {
  disk: Map<string, string>;
  state: RepositoryState | undefined;
}

/**
 * Run `work` on a target the way every writing command must (io/write.ts): holding the target's
 * lock, after completing what an interrupted run left. A dry run takes no lock and writes
 * nothing: it sees the target as the completion would leave it.
 */
export async function onTarget<T>(
  target: string,
  options: { dryRun: boolean; quiet?: boolean },
  io: CommandIO,
  work: (view: TargetView) => Promise<T>,
): Promise<T> {
  if (options.dryRun) {
    const { disk, pending } = readDiskAsCompleted(target);
    if (pending && !options.quiet)
      println(
        io.stdout,
        'An interrupted run left a change half-applied; a real run completes it first, as planned here.',
      );
    return work(view(target, disk));
  }
  const release = lockTarget(target);
  try {
    for (const note of completeInterrupted(target)) println(io.stdout, note);
    return await work(view(target, readDisk(target)));
  } finally {
    release();
  }
}

function view(target: string, disk: Map<string, string>): TargetView {
  const text = disk.get(STATE_FILE);
  return { disk, state: text === undefined ? undefined : parseState(text, join(target, STATE_FILE)) };
}
