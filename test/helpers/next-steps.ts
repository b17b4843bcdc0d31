/** Readers of a printed or rendered next-steps checklist, shared by the unit and integration tests. */
import { expect } from 'vitest';

/** The commands of a checklist, in order: the indented code blocks. */
export function commandsOf(steps: string): string[] {
  return steps
    .split('\n')
    .filter((line) => /^ {7,}\S/.test(line))
    .map((line) => line.trim());
}

/** Every needle is part of some command, and they first appear in the order given. */
export function expectInOrder(commands: string[], needles: string[]): void {
  const order = needles.map((needle) => commands.findIndex((c) => c.includes(needle)));
  expect(
    needles.filter((_, i) => order[i] === -1),
    'not among the commands',
  ).toEqual([]);
  expect(order).toEqual([...order].sort((a, b) => a - b));
}
