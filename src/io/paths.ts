import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

/** The user's home folder: $HOME of the run (tests set it), else the OS's. */
export function homeOf(env: NodeJS.ProcessEnv): string {
  return env.HOME || homedir();
}

/** `~` and `~/…` → absolute under home; anything else resolved against cwd. */
export function expandHome(path: string, home: string, cwd: string): string {
  if (path === '~') return home;
  if (path.startsWith('~/')) return join(home, path.slice(2));
  return resolve(cwd, path);
}

/** An absolute path as `~/…` when it lies under home, so it reads the same on every machine. */
export function homeForm(path: string, home: string): string {
  const rel = relative(home, path);
  if (rel === '') return '~';
  if (rel.startsWith('..') || isAbsolute(rel)) return path;
  return `~/${rel.split(sep).join('/')}`;
}

/**
 * A path as the user should type it from cwd: `.` for cwd, relative when inside it, else the
 * shorter of relative (`../x`) and absolute.
 */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  if (rel === '') return '.';
  if (isAbsolute(rel)) return path;
  const shown = rel.split(sep).join('/');
  return shown.startsWith('..') && path.length < shown.length ? path : shown;
}
