/** The facts from the disk, PATH and Git that the interactive questions need (answers/questions.ts). */
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { clipMessage, type QuestionContext } from '../answers/questions.js';
import { UserError } from '../core/errors.js';
import { CONTROLLER_KEY_FILES } from '../model/sealing-key.js';
import { parseSealingKey } from '../secrets/key.js';
import type { CommandIO } from './command-io.js';
import { findOnPath } from './kubeseal.js';
import { expandHome, homeForm, homeOf } from './paths.js';

export function questionContext(input: {
  target: string;
  io: CommandIO;
  origin: string | undefined;
  inside: boolean;
  given: ReadonlySet<string>;
}): QuestionContext {
  const { io, target } = input;
  const home = homeOf(io.env);
  const configHome = io.env.XDG_CONFIG_HOME || join(home, '.config');
  return {
    ...(input.origin ? { origin: input.origin } : {}),
    kubesealOnPath: findOnPath('kubeseal', io.env) !== undefined,
    insideRepository: input.inside,
    given: input.given,
    defaultKeyFolder: (project) => {
      const base = join(configHome, 'inngest-gitops', project);
      for (let n = 1; ; n++) {
        const candidate = n === 1 ? base : `${base}-${n}`;
        if (!holdsKey(candidate)) return homeForm(candidate, home);
      }
    },
    normaliseKeyFolder: (folder) => homeForm(expandHome(folder, home, io.cwd), home),
    keyFolderProblem: (folder) => {
      const path = expandHome(folder, home, io.cwd);
      if (isInside(path, target)) return 'Inside the repository: choose a folder outside it';
      if (holdsKey(path)) return `Holds a key already (${CONTROLLER_KEY_FILES.key}): choose another`;
      return undefined;
    },
    certificateProblem: (source) => {
      if (/^https?:\/\//i.test(source)) return undefined; // fetched and checked when sealing
      const path = expandHome(source, home, io.cwd);
      let pem: string;
      try {
        pem = readFileSync(path, 'utf8');
      } catch {
        return 'No readable file there';
      }
      try {
        parseSealingKey(pem, source, io.now ?? new Date());
        return undefined;
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        return clipMessage(error.problem.charAt(0).toUpperCase() + error.problem.slice(1));
      }
    },
  };
}

function holdsKey(folder: string): boolean {
  return (
    existsSync(folder) &&
    readdirSync(folder).some((f) => f === CONTROLLER_KEY_FILES.key || f === CONTROLLER_KEY_FILES.certificate)
  );
}

/** Whether child is parent or below it, following symlinks of the parts that exist. */
function isInside(child: string, parent: string): boolean {
  const rel = relative(realpathOfExisting(parent), realpathOfExisting(child));
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

function realpathOfExisting(path: string): string {
  const rest: string[] = [];
  let current = path;
  while (!existsSync(current) && dirname(current) !== current) {
    rest.unshift(current.slice(dirname(current).length).replace(/^\//, ''));
    current = dirname(current);
  }
  return join(realpathSync(current), ...rest);
}
