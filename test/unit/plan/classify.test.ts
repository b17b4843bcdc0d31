import { describe, expect, it } from 'vitest';
import { classify, countChanges, resolvePlan, type FileClass, type OnConflict } from '../../../src/plan/classify.js';
import { sha256, STATE_FILE } from '../../../src/plan/state.js';

const OLD = 'generated: old\n';
const NEW = 'generated: new\n';
const EDIT = 'edited by hand\n';

/**
 * One file, every combination of (what the generator last wrote, what is on disk, what it
 * generates now), with the class and what each --on-conflict mode then does to the file.
 */
const cases: {
  label: string;
  recorded?: string;
  disk?: string;
  next?: string;
  cls: FileClass;
  effect: Record<OnConflict, 'write' | 'remove' | 'none'>;
}[] = [
  { label: 'new file', next: NEW, cls: 'create', effect: { abort: 'write', keep: 'write', overwrite: 'write' } },
  {
    label: 'generated file deleted by the user, generated again',
    recorded: OLD,
    next: OLD,
    cls: 'create',
    effect: { abort: 'write', keep: 'write', overwrite: 'write' },
  },
  {
    label: 'as generated, generator unchanged',
    recorded: OLD,
    disk: OLD,
    next: OLD,
    cls: 'unchanged',
    effect: { abort: 'none', keep: 'none', overwrite: 'none' },
  },
  {
    label: 'as generated, generator changed',
    recorded: OLD,
    disk: OLD,
    next: NEW,
    cls: 'update',
    effect: { abort: 'write', keep: 'write', overwrite: 'write' },
  },
  {
    label: 'edited, generator unchanged: yours, kept',
    recorded: OLD,
    disk: EDIT,
    next: OLD,
    cls: 'yours',
    effect: { abort: 'none', keep: 'none', overwrite: 'none' },
  },
  {
    label: 'edited, generator changed: conflict',
    recorded: OLD,
    disk: EDIT,
    next: NEW,
    cls: 'conflict',
    effect: { abort: 'none', keep: 'none', overwrite: 'write' },
  },
  {
    label: 'edited into what the generator now writes',
    recorded: OLD,
    disk: NEW,
    next: NEW,
    cls: 'unchanged',
    effect: { abort: 'none', keep: 'none', overwrite: 'none' },
  },
  {
    label: 'not ours, standing where we generate a file (--force)',
    disk: EDIT,
    next: NEW,
    cls: 'conflict',
    effect: { abort: 'none', keep: 'none', overwrite: 'write' },
  },
  {
    label: 'not ours, same bytes as we generate',
    disk: NEW,
    next: NEW,
    cls: 'unchanged',
    effect: { abort: 'none', keep: 'none', overwrite: 'none' },
  },
  {
    label: 'generated before, not any more, untouched',
    recorded: OLD,
    disk: OLD,
    cls: 'delete',
    effect: { abort: 'remove', keep: 'remove', overwrite: 'remove' },
  },
  {
    label: 'generated before, not any more, edited',
    recorded: OLD,
    disk: EDIT,
    cls: 'conflict',
    effect: { abort: 'none', keep: 'none', overwrite: 'remove' },
  },
  {
    label: 'the user’s own file',
    disk: EDIT,
    cls: 'user',
    effect: { abort: 'none', keep: 'none', overwrite: 'none' },
  },
];

describe('classify: three-way, per file', () => {
  for (const c of cases) {
    it(`${c.label} → ${c.cls}`, () => {
      const tree = new Map(c.next === undefined ? [] : [['f.yaml', c.next]]);
      const recorded: Record<string, string> = c.recorded === undefined ? {} : { 'f.yaml': sha256(c.recorded) };
      const disk = new Map(c.disk === undefined ? [] : [['f.yaml', c.disk]]);
      const plan = classify(tree, recorded, disk);
      expect(plan.map((f) => [f.path, f.class])).toEqual([['f.yaml', c.cls]]);
      for (const mode of ['abort', 'keep', 'overwrite'] as const) {
        if (mode === 'abort' && c.cls === 'conflict') continue; // abort stops the run
        const { write, remove } = resolvePlan(plan, mode);
        const effect = write.has('f.yaml') ? 'write' : remove.includes('f.yaml') ? 'remove' : 'none';
        expect(effect, mode).toBe(c.effect[mode]);
        if (effect === 'write') expect(write.get('f.yaml')).toBe(c.next);
      }
    });
  }

  it('the state file is always ours to update, whatever is on disk', () => {
    const plan = classify(new Map([[STATE_FILE, '{"new":1}\n']]), {}, new Map([[STATE_FILE, '{"old":1}\n']]));
    expect(plan).toEqual([{ path: STATE_FILE, class: 'update', next: '{"new":1}\n', current: '{"old":1}\n' }]);
  });

  it('keep records the choice: the next plan, with the generator output unchanged, says "yours"', () => {
    const first = classify(new Map([['f.yaml', NEW]]), { 'f.yaml': sha256(OLD) }, new Map([['f.yaml', EDIT]]));
    expect(first[0]!.class).toBe('conflict');
    // The run writes the state from the generated tree: the hash of NEW, not of the user's bytes.
    const again = classify(new Map([['f.yaml', NEW]]), { 'f.yaml': sha256(NEW) }, new Map([['f.yaml', EDIT]]));
    expect(again[0]!.class).toBe('yours');
    const changedAgain = classify(
      new Map([['f.yaml', 'v3\n']]),
      { 'f.yaml': sha256(NEW) },
      new Map([['f.yaml', EDIT]]),
    );
    expect(changedAgain[0]!.class).toBe('conflict');
  });

  it('sorts the plan by path and lists overwritten and kept conflicts', () => {
    const plan = classify(
      new Map([
        ['b', NEW],
        ['a', NEW],
      ]),
      { a: sha256(OLD), b: sha256(OLD) },
      new Map([
        ['a', EDIT],
        ['b', EDIT],
      ]),
    );
    expect(plan.map((f) => f.path)).toEqual(['a', 'b']);
    expect(resolvePlan(plan, 'keep').kept).toEqual(['a', 'b']);
    expect(resolvePlan(plan, 'overwrite').overwritten).toEqual(['a', 'b']);
  });
});

/** Every file class at once, in one plan: what each planned file carries, and what counts as a change. */
describe('one plan with every class', () => {
  const pathOf = (index: number) => `files/${String(index).padStart(2, '0')}.yaml`;
  const tree = new Map<string, string>();
  const disk = new Map<string, string>();
  const recorded: Record<string, string> = {};
  cases.forEach((c, index) => {
    if (c.next !== undefined) tree.set(pathOf(index), c.next);
    if (c.disk !== undefined) disk.set(pathOf(index), c.disk);
    if (c.recorded !== undefined) recorded[pathOf(index)] = sha256(c.recorded);
  });
  const plan = classify(tree, recorded, disk);

  it('lists every file once, sorted by path, each in its class', () => {
    expect(plan.map((f) => [f.path, f.class])).toEqual(cases.map((c, index) => [pathOf(index), c.cls]));
  });

  it('carries the texts a diff shows: the generated one where it is written, the one on disk where it changes', () => {
    plan.forEach((file, index) => {
      const c = cases[index]!;
      expect(file.next, c.label).toBe(['create', 'update', 'conflict'].includes(c.cls) ? c.next : undefined);
      expect(file.current, c.label).toBe(
        ['update', 'delete', 'conflict', 'yours'].includes(c.cls) ? c.disk : undefined,
      );
    });
  });

  it('keeps every conflict as it is under abort and keep, and touches nothing else', () => {
    const conflicts = plan.filter((f) => f.class === 'conflict').map((f) => f.path);
    expect(conflicts.length).toBeGreaterThan(1);
    for (const mode of ['abort', 'keep'] as const) {
      const resolved = resolvePlan(plan, mode);
      expect(resolved.kept, mode).toEqual(conflicts);
      expect(resolved.overwritten, mode).toEqual([]);
    }
    const overwrite = resolvePlan(plan, 'overwrite');
    expect(overwrite.kept).toEqual([]);
    expect(overwrite.overwritten).toEqual(conflicts);
    for (const path of [...overwrite.write.keys(), ...overwrite.remove])
      expect(tree.has(path) || disk.has(path)).toBe(true);
  });

  it('counts creates, updates, deletes and conflicts as changes', () => {
    expect(countChanges(plan)).toBe(
      cases.filter((c) => ['create', 'update', 'delete', 'conflict'].includes(c.cls)).length,
    );
  });
});
