// Module customization hooks for trace-loads.mjs (they run on Node's hooks thread).
import { appendFileSync } from 'node:fs';

export async function load(url, context, nextLoad) {
  const file = process.env.TRACE_LOADS_FILE;
  if (file && url.startsWith('file:')) appendFileSync(file, `${url}\n`);
  return nextLoad(url, context);
}
