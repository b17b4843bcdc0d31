import { exitCodeOf, formatError } from './core/errors.js';
import { processIO, type CommandIO } from './io/command-io.js';

type Command = (argv: string[], io: CommandIO) => Promise<number>;

/** Subcommands load lazily, so --help and --version stay fast. */
const subcommands: Record<string, () => Promise<Command>> = {
  seal: async () => (await import('./commands/seal.js')).runSeal,
  secrets: async () => (await import('./commands/secrets.js')).runSecrets,
  upgrade: async () => (await import('./commands/upgrade.js')).runUpgrade,
  validate: async () => (await import('./commands/validate.js')).runValidate,
  'set-image': async () => (await import('./commands/set-image.js')).runSetImage,
};

export async function main(argv: string[], io: CommandIO = processIO()): Promise<number> {
  try {
    const [first, ...rest] = argv;
    const load = first && Object.hasOwn(subcommands, first) ? subcommands[first] : undefined;
    if (load) return await (await load())(rest, io);
    // --help and --version answer without loading the answers model, the manifests or the validators.
    if (argv.includes('--help') || argv.includes('-h')) {
      io.stdout.write((await import('./commands/init-help.js')).INIT_HELP);
      return 0;
    }
    if (argv.includes('--version') || argv.includes('-v')) {
      io.stdout.write(`${(await import('./io/version.js')).generatorVersion()}\n`);
      return 0;
    }
    const { runInit } = await import('./commands/init.js');
    return await runInit(argv, io);
  } catch (error) {
    io.stderr.write(`${formatError(error)}\n`);
    return exitCodeOf(error);
  }
}
