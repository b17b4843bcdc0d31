/**
 * Questions on a terminal: text, select, multi-select and yes/no prompts, drawn as a frame that
 * is redrawn in place on every key.
 *
 * Why not a prompt library: every answer is checked as it is typed, with the message on its own
 * line; a redraw must leave no stale line at any width (the frame is erased from its first row
 * down, with rows counted from the terminal's width, never with a saved cursor position, which
 * breaks once the screen scrolls); colour follows NO_COLOR, prompts included; and Esc and Ctrl-C
 * cancel with exit 130 at any point.
 */
import { Cancelled } from '../core/errors.js';
import { ansi, colourEnabled, plain, type Style } from '../core/style.js';
import type { CommandIO } from './command-io.js';

interface TextPrompt {
  message: string;
  /** Taken when Enter is pressed on an empty answer; shown dimmed until then. Tab fills it in to edit it. */
  initial: string;
  /** Shown dimmed under the answer while it is empty. */
  hint?: string;
  /** A message in the prompt's own words, or undefined when the value is fine. Runs on every key. */
  validate?: (value: string) => string | undefined;
  /** A problem found later (a cross-field check), shown until the answer changes. */
  problem?: string;
}

interface SelectPrompt {
  message: string;
  choices: { value: string; label: string }[];
  initial?: string;
  /** Lines shown dimmed under the choices. */
  hint?: string[];
}

interface MultiselectPrompt {
  message: string;
  choices: { value: string; label: string }[];
  selected: string[];
  hint?: string;
}

interface ConfirmPrompt {
  message: string;
  initial: boolean;
}

/** What the interview needs from a terminal; tests may script it. */
export interface Prompter {
  readonly style: Style;
  text(prompt: TextPrompt): Promise<string>;
  select(prompt: SelectPrompt): Promise<string>;
  multiselect(prompt: MultiselectPrompt): Promise<string[]>;
  confirm(prompt: ConfirmPrompt): Promise<boolean>;
  /** Plain output between prompts (the review). */
  print(text: string): void;
  close(): void;
}

type Key =
  | { name: 'char'; char: string }
  | {
      name:
        | 'enter'
        | 'backspace'
        | 'delete'
        | 'left'
        | 'right'
        | 'up'
        | 'down'
        | 'home'
        | 'end'
        | 'tab'
        | 'space'
        | 'clear'
        | 'cancel';
    };

/** Raw terminal input → keys. Esc alone, Ctrl-C and Ctrl-D cancel. */
export function parseKeys(chunk: string): Key[] {
  const keys: Key[] = [];
  for (let i = 0; i < chunk.length; i++) {
    const c = chunk[i]!;
    if (c === '\u001b') {
      const next = chunk[i + 1];
      if (next === undefined || next === '\u001b') {
        keys.push({ name: 'cancel' });
        if (next === '\u001b') i++;
        continue;
      }
      if (next === '[' || next === 'O') {
        let j = i + 2;
        while (j < chunk.length && !/[\u0040-\u007e]/.test(chunk[j]!)) j++;
        const sequence = chunk.slice(i + 2, j + 1);
        i = j;
        const key = ESCAPE_SEQUENCES[sequence];
        if (key) keys.push({ name: key });
        continue;
      }
      i++; // Alt+key: ignored
      continue;
    }
    if (c === '\u0003' || c === '\u0004') keys.push({ name: 'cancel' });
    else if (c === '\r') {
      keys.push({ name: 'enter' });
      if (chunk[i + 1] === '\n') i++;
    } else if (c === '\n') keys.push({ name: 'enter' });
    else if (c === '\u007f' || c === '\b') keys.push({ name: 'backspace' });
    else if (c === '\t') keys.push({ name: 'tab' });
    else if (c === '\u0001') keys.push({ name: 'home' });
    else if (c === '\u0005') keys.push({ name: 'end' });
    else if (c === '\u0015') keys.push({ name: 'clear' });
    else if (c === ' ') keys.push({ name: 'space' });
    else if (c >= ' ') {
      const code = chunk.codePointAt(i)!;
      const char = String.fromCodePoint(code);
      keys.push({ name: 'char', char });
      i += char.length - 1;
    }
  }
  return keys;
}

const ESCAPE_SEQUENCES: Record<string, Exclude<Key['name'], 'char'>> = {
  A: 'up',
  B: 'down',
  C: 'right',
  D: 'left',
  H: 'home',
  F: 'end',
  '1~': 'home',
  '7~': 'home',
  '4~': 'end',
  '8~': 'end',
  '3~': 'delete',
};

// eslint-disable-next-line no-control-regex -- matching terminal escape sequences is the point
const ESCAPE_SEQUENCE = /\u001b\[[0-9;?]*[A-Za-z]/g;

/** Width of text on a terminal: escape sequences take none, wide (CJK, emoji) characters two. */
export function visibleWidth(text: string): number {
  let width = 0;
  for (const char of text.replace(ESCAPE_SEQUENCE, '')) {
    const code = char.codePointAt(0)!;
    width += isWide(code) ? 2 : 1;
  }
  return width;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1f64f) ||
    (code >= 0x1f900 && code <= 0x1f9ff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

const ESC = '\u001b[';

/**
 * A block of lines redrawn in place. Only relative cursor moves: the terminal scrolls while a
 * frame is drawn near its bottom, which invalidates saved positions but not relative ones.
 */
class Frame {
  private cursorRow = 0;

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly columns: () => number,
  ) {}

  /** Draw lines; leave the cursor on line `cursor.line` at visible column `cursor.column`. */
  draw(lines: string[], cursor?: { line: number; column: number }): void {
    const width = this.columns();
    const rows = lines.map((line) => Math.max(1, Math.ceil(visibleWidth(line) / width)));
    const total = rows.reduce((a, b) => a + b, 0);
    let text = `${this.cursorRow > 0 ? `${ESC}${this.cursorRow}A` : ''}\r${ESC}J${lines.join('\n')}`;
    let row = total - 1;
    if (cursor) {
      const before = rows.slice(0, cursor.line).reduce((a, b) => a + b, 0);
      const target = before + Math.min(Math.floor(cursor.column / width), rows[cursor.line]! - 1);
      const column = cursor.column - (target - before) * width;
      if (row > target) text += `${ESC}${row - target}A`;
      text += `\r${column > 0 ? `${ESC}${column}C` : ''}`;
      row = target;
    }
    this.cursorRow = row;
    this.out.write(text);
  }

  /** Draw the final lines and move below them; the next frame starts on a fresh line. */
  finish(lines: string[]): void {
    this.draw(lines);
    this.out.write('\n');
    this.cursorRow = 0;
  }
}

const SYMBOL = { ask: '?', done: '✔', cancelled: '✖', pointer: '❯', separator: '›' } as const;

/** The prompts on the command's own streams. Raw mode while a prompt waits for keys. */
export function terminalPrompter(io: CommandIO): Prompter {
  return new TerminalPrompter(io);
}

class TerminalPrompter implements Prompter {
  readonly style: Style;
  private readonly queue: Key[] = [];
  private waiting: ((key: Key) => void) | undefined;
  private readonly onData = (data: Buffer | string) => {
    for (const key of parseKeys(data.toString())) {
      if (this.waiting) {
        const resolve = this.waiting;
        this.waiting = undefined;
        resolve(key);
      } else this.queue.push(key);
    }
  };
  private started = false;

  constructor(private readonly io: CommandIO) {
    const stdout = io.stdout as NodeJS.WritableStream & { isTTY?: boolean };
    this.style = colourEnabled(stdout.isTTY, io.env) ? ansi : plain;
  }

  private columns(): number {
    const columns = (this.io.stdout as NodeJS.WritableStream & { columns?: number }).columns;
    return columns && columns > 0 ? columns : 80;
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    const stdin = this.io.stdin as NodeJS.ReadableStream & { setRawMode?: (raw: boolean) => void };
    stdin.setRawMode?.(true);
    stdin.on('data', this.onData);
    stdin.resume();
  }

  close(): void {
    if (!this.started) return;
    this.started = false;
    const stdin = this.io.stdin as NodeJS.ReadableStream & { setRawMode?: (raw: boolean) => void };
    stdin.removeListener('data', this.onData);
    stdin.setRawMode?.(false);
    stdin.pause();
    this.showCursor();
  }

  private nextKey(): Promise<Key> {
    this.start();
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => (this.waiting = resolve));
  }

  print(text: string): void {
    this.io.stdout.write(text);
  }

  private frame(): Frame {
    return new Frame(this.io.stdout, () => this.columns());
  }

  private heading(symbol: 'ask' | 'done' | 'cancelled', message: string): string {
    const s = this.style;
    const mark = { ask: s.cyan(SYMBOL.ask), done: s.green(SYMBOL.done), cancelled: s.red(SYMBOL.cancelled) }[symbol];
    return `${mark} ${s.bold(message)}`;
  }

  private cancel(frame: Frame, message: string): never {
    frame.finish([this.heading('cancelled', message)]);
    this.close();
    throw new Cancelled();
  }

  private cursorHidden = false;

  private hideCursor(): void {
    this.io.stdout.write(`${ESC}?25l`);
    this.cursorHidden = true;
  }

  private showCursor(): void {
    if (!this.cursorHidden) return;
    this.io.stdout.write(`${ESC}?25h`);
    this.cursorHidden = false;
  }

  async text(prompt: TextPrompt): Promise<string> {
    const s = this.style;
    const frame = this.frame();
    let chars: string[] = [];
    let cursor = 0;
    let submitted = false;
    let problem = prompt.problem;
    // The earlier answer or default behaves like selected text: Enter takes it, a typed character
    // replaces it, Backspace or Ctrl-U clears it (an empty answer is then possible, as the hint
    // says), and the arrow, Home, End and Tab keys make it editable text.
    let pristine = Boolean(prompt.initial);
    const value = () => chars.join('');
    const effective = () => (pristine ? prompt.initial : value());
    const error = () => problem ?? (chars.length > 0 || submitted ? prompt.validate?.(effective()) : undefined);
    const draw = () => {
      const head = `${this.heading('ask', prompt.message)} ${s.dim(SYMBOL.separator)} `;
      const shown = pristine ? s.dim(prompt.initial) : value();
      const lines = [`${head}${shown} `];
      const message = error();
      if (message) lines.push(`  ${(submitted ? s.red : s.yellow)(`${SYMBOL.cancelled} ${message}`)}`);
      else if (chars.length === 0 && prompt.hint) lines.push(`  ${s.dim(prompt.hint)}`);
      frame.draw(lines, { line: 0, column: visibleWidth(head) + visibleWidth(chars.slice(0, cursor).join('')) });
    };
    draw();
    for (;;) {
      const key = await this.nextKey();
      const before = effective();
      if (pristine && key.name !== 'cancel' && key.name !== 'enter') {
        pristine = false;
        const editing = ['left', 'right', 'home', 'end', 'tab'].includes(key.name);
        chars = editing ? [...prompt.initial] : [];
        cursor = chars.length;
        if (!editing && key.name !== 'char' && key.name !== 'space') {
          // Backspace, Delete or Ctrl-U on the earlier answer: cleared.
          problem = undefined;
          submitted = false;
          draw();
          continue;
        }
      }
      switch (key.name) {
        case 'cancel':
          return this.cancel(frame, prompt.message);
        case 'enter': {
          submitted = true;
          if (error()) break;
          const answer = effective();
          frame.finish([`${this.heading('done', prompt.message)} ${s.dim(SYMBOL.separator)} ${s.cyan(answer)}`]);
          return answer;
        }
        case 'char':
          chars.splice(cursor, 0, key.char);
          cursor++;
          break;
        case 'space':
          chars.splice(cursor, 0, ' ');
          cursor++;
          break;
        case 'backspace':
          if (cursor > 0) chars.splice(--cursor, 1);
          break;
        case 'delete':
          chars.splice(cursor, 1);
          break;
        case 'left':
          cursor = Math.max(0, cursor - 1);
          break;
        case 'right':
          cursor = Math.min(chars.length, cursor + 1);
          break;
        case 'home':
          cursor = 0;
          break;
        case 'end':
          cursor = chars.length;
          break;
        case 'clear':
          chars = [];
          cursor = 0;
          break;
        case 'tab':
          if (chars.length === 0 && prompt.initial) {
            chars = [...prompt.initial];
            cursor = chars.length;
          }
          break;
        default:
          break;
      }
      if (effective() !== before) {
        problem = undefined;
        submitted = false;
      }
      draw();
    }
  }

  async select(prompt: SelectPrompt): Promise<string> {
    const start = Math.max(
      0,
      prompt.choices.findIndex((c) => c.value === prompt.initial),
    );
    return (await this.choose(prompt.message, prompt.choices, prompt.hint ?? [], start))[0]!;
  }

  multiselect(prompt: MultiselectPrompt): Promise<string[]> {
    return this.choose(prompt.message, prompt.choices, prompt.hint ? [prompt.hint] : [], 0, new Set(prompt.selected));
  }

  /** A list to move through with the arrows; with `selected`, Space toggles and Enter takes every marked one. */
  private async choose(
    message: string,
    choices: { value: string; label: string }[],
    hint: string[],
    start: number,
    selected?: Set<string>,
  ): Promise<string[]> {
    const s = this.style;
    const frame = this.frame();
    let index = start;
    const mark = (value: string) => (selected ? (selected.has(value) ? '[x] ' : '[ ] ') : '');
    const draw = () =>
      frame.draw([
        `${this.heading('ask', message)} ${s.dim(selected ? '(↑↓, Space toggles, Enter)' : '(↑↓, Enter)')}`,
        ...choices.map((c, i) => {
          const line = `${mark(c.value)}${c.label}`;
          return i === index ? s.cyan(`${SYMBOL.pointer} ${line}`) : `  ${line}`;
        }),
        ...hint.map((line) => `  ${s.dim(line)}`),
      ]);
    this.hideCursor();
    draw();
    for (;;) {
      const key = await this.nextKey();
      if (key.name === 'cancel') return this.cancel(frame, message);
      if (key.name === 'enter') {
        const chosen = choices.filter((c, i) => (selected ? selected.has(c.value) : i === index));
        const labels = chosen.map((c) => c.label).join(', ') || 'none';
        frame.finish([`${this.heading('done', message)} ${s.dim(SYMBOL.separator)} ${s.cyan(labels)}`]);
        this.showCursor();
        return chosen.map((c) => c.value);
      }
      if (key.name === 'up') index = (index + choices.length - 1) % choices.length;
      else if (key.name === 'down' || key.name === 'tab') index = (index + 1) % choices.length;
      else if (selected && (key.name === 'space' || (key.name === 'char' && key.char === 'x'))) {
        const value = choices[index]!.value;
        if (!selected.delete(value)) selected.add(value);
      } else if (!selected && key.name === 'char' && /^[1-9]$/.test(key.char) && Number(key.char) <= choices.length)
        index = Number(key.char) - 1;
      draw();
    }
  }

  async confirm(prompt: ConfirmPrompt): Promise<boolean> {
    const s = this.style;
    const frame = this.frame();
    const head = `${this.heading('ask', prompt.message)} ${s.dim(prompt.initial ? '(Y/n)' : '(y/N)')} `;
    frame.draw([head], { line: 0, column: visibleWidth(head) });
    for (;;) {
      const key = await this.nextKey();
      if (key.name === 'cancel') return this.cancel(frame, prompt.message);
      let answer: boolean | undefined;
      if (key.name === 'enter') answer = prompt.initial;
      else if (key.name === 'char' && /^[yY]$/.test(key.char)) answer = true;
      else if (key.name === 'char' && /^[nN]$/.test(key.char)) answer = false;
      if (answer !== undefined) {
        frame.finish([
          `${this.heading('done', prompt.message)} ${s.dim(SYMBOL.separator)} ${s.cyan(answer ? 'yes' : 'no')}`,
        ]);
        return answer;
      }
    }
  }
}
