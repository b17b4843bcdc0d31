import { createTwoFilesPatch } from 'diff';
import { UserError } from '../core/errors.js';
import { plural } from '../core/text.js';
import { println, type CommandIO } from '../io/command-io.js';
import { conflictsOf, countChanges, type FileClass, type OnConflict, type PlannedFile } from '../plan/classify.js';

/** How the plan is printed: the same lines for a dry run and for the run that carries it out. */
const SECTIONS: { cls: FileClass; title: (onConflict: OnConflict) => string; verboseOnly?: boolean }[] = [
  { cls: 'create', title: () => 'create' },
  { cls: 'update', title: () => 'update' },
  { cls: 'delete', title: () => 'delete' },
  {
    cls: 'conflict',
    title: (mode) =>
      mode === 'keep'
        ? 'conflict, kept as you edited it'
        : mode === 'overwrite'
          ? 'conflict, your edit overwritten'
          : 'conflict',
  },
  { cls: 'yours', title: () => 'yours, kept' },
  { cls: 'unchanged', title: () => 'unchanged', verboseOnly: true },
  { cls: 'user', title: () => 'user', verboseOnly: true },
];

export function printPlan(plan: readonly PlannedFile[], io: CommandIO, onConflict: OnConflict, verbose: boolean): void {
  for (const section of SECTIONS) {
    const files = plan.filter((f) => f.class === section.cls);
    if (files.length === 0 || (section.verboseOnly && !verbose)) continue;
    println(io.stdout, `${section.title(onConflict)} (${files.length}):`);
    for (const file of files) println(io.stdout, `  ${file.path}`);
  }
}

export function printDiffs(plan: readonly PlannedFile[], io: CommandIO): void {
  for (const file of plan.filter((f) => f.class === 'update' || f.class === 'conflict' || f.class === 'delete')) {
    io.stdout.write(
      createTwoFilesPatch(
        `a/${file.path}`,
        `b/${file.path}`,
        file.current ?? '',
        file.next ?? '',
        undefined,
        undefined,
        { context: 3 },
      ),
    );
  }
}

/** Under --on-conflict abort, conflicts stop a run before anything is sealed or written. */
export function refuseConflicts(plan: readonly PlannedFile[]): void {
  const conflicts = conflictsOf(plan);
  if (conflicts.length === 0) return;
  throw new UserError(
    '--on-conflict',
    `${conflicts.length} generated file${conflicts.length === 1 ? ' was' : 's were'} edited since: ${conflicts.join(', ')}`,
    'keep your edits with --on-conflict keep, replace them with --on-conflict overwrite, or see them with --diff',
  );
}

/** The dry run's last lines: what a real run with the same flags does with this plan. */
export function dryRunSummary(plan: readonly PlannedFile[], onConflict: OnConflict): string[] {
  const conflicts = conflictsOf(plan).length;
  const lines: string[] = [];
  if (conflicts > 0 && onConflict === 'abort')
    lines.push(
      `${plural(conflicts, 'conflict')}: a real run stops here (exit 2) unless --on-conflict keep or overwrite is given`,
    );
  const changes = countChanges(plan) - (onConflict === 'overwrite' ? 0 : conflicts);
  lines.push(`dry run: ${plural(changes, 'change')}; nothing written`);
  return lines;
}

export function summary(
  plan: readonly PlannedFile[],
  resolved: { kept: string[]; overwritten: string[] },
  target: string,
): string {
  const count = (cls: FileClass) => plan.filter((f) => f.class === cls).length;
  const changes = countChanges(plan) - resolved.kept.length;
  const parts = [`${count('create')} created`, `${count('update')} updated`, `${count('delete')} deleted`];
  if (resolved.overwritten.length > 0) parts.push(`${plural(resolved.overwritten.length, 'edited file')} overwritten`);
  if (resolved.kept.length > 0) parts.push(`${plural(resolved.kept.length, 'conflict')} kept as edited`);
  if (count('yours') > 0) parts.push(`${count('yours')} of your edits kept`);
  return `${plural(changes, 'change')} in ${target}: ${parts.join(', ')}.`;
}
