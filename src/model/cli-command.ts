import { GENERATOR_NAME } from './versions.js';

/**
 * How a user runs this generator in a hint: `npx create-inngest-gitops@<version>`. The bare
 * command is not on PATH after `npx`, and the version keeps a re-run on the same templates.
 */
export function cliCommand(version: string): string {
  return `npx ${GENERATOR_NAME}@${version}`;
}
