/** "1 file", "2 files": a count with its noun, singular or plural. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** A word for a POSIX shell: as it is when it needs no quoting, else in single quotes. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./=:@%+-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * A path for a shell command: `$HOME/…` (double-quoted when needed) for one under the home folder
 * written as `~/…`, so commands read the same for everyone and work in every shell (a `~` after
 * `=` is not expanded by zsh or POSIX sh); any other path shell-quoted.
 */
export function shellPath(path: string): string {
  if (path === '~') return '"$HOME"';
  if (!path.startsWith('~/')) return shellQuote(path);
  const rest = path.slice(2);
  return /["$`\\]/.test(rest) ? `"$HOME"/${shellQuote(rest)}` : `"$HOME/${rest}"`;
}

/**
 * Greedy word wrap: lines of at most `width` characters, the first starting with `prefix`, the
 * others with `indent`; a word longer than that stays whole on its own line.
 */
export function wrapWords(text: string, width: number, prefix = '', indent = ''): string[] {
  const lines: string[] = [];
  let line = prefix;
  let empty = true;
  for (const word of text.split(' ')) {
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line);
      line = `${indent}${word}`;
    } else {
      line = empty ? `${line}${word}` : `${line} ${word}`;
    }
    empty = false;
  }
  lines.push(line);
  return lines;
}
