import { defaultAnswers } from './answers/resolve.js';
import { renderTree, type FileTree, type RenderContext } from './render/tree.js';

/**
 * This project's own top-level base/, overlays/, secrets/ and argocd/ are the scaffolder's
 * output for the default answers. `npm run example` writes them; a test fails on drift.
 */
export const EXAMPLE_DIRS = ['base/', 'overlays/', 'secrets/', 'argocd/'] as const;

export function exampleTree(context: RenderContext): FileTree {
  const tree = renderTree(defaultAnswers(), context);
  return new Map([...tree].filter(([path]) => EXAMPLE_DIRS.some((dir) => path.startsWith(dir))));
}
