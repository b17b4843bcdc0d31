import { exitCodeOf, formatError } from './errors.js';
import { processIO, type CommandIO } from './io.js';

type Command = (argv: string[], io: CommandIO) => Promise<number>;

/** Subcommands load lazily, so --help and --version stay fast. */
const subcommands: Record<string, () => Promise<Command>> = {
  validate: async () => (await import('./commands/validate.js')).runValidate,
  'set-image': async () => (await import('./commands/set-image.js')).runSetImage,
};

export async function main(argv: string[], io: CommandIO = processIO()): Promise<number> {
  try {
    const [first, ...rest] = argv;
    const load = first ? subcommands[first] : undefined;
    if (load) return await (await load())(rest, io);
    const { runInit } = await import('./commands/init.js');
    return await runInit(argv, io);
  } catch (error) {
    io.stderr.write(`${formatError(error)}\n`);
    return exitCodeOf(error);
  }
}
