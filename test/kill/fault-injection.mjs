// `node --import ./test/kill/fault-injection.mjs bin/create-inngest-gitops.js …`: counts every call
// that changes the filesystem (node:fs sync functions, which is all the writer uses) and, when
// $CIG_KILL_AT is N, sends itself $CIG_KILL_SIGNAL (default SIGKILL) just before the Nth one.
// With $CIG_OPS_LOG set, appends "N function path" per call to that file (the counting run).
// Test-only: nothing in src/ knows about it. Used by test/kill/write-kill.test.ts.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const killAt = Number(process.env.CIG_KILL_AT ?? 0);
const signal = process.env.CIG_KILL_SIGNAL ?? 'SIGKILL';
const log = process.env.CIG_OPS_LOG;
// writeSync on a descriptor opened here: neither is patched, so logging never counts or recurses.
const logFd = log ? fs.openSync(log, 'a') : undefined;
const writeSync = fs.writeSync;
const CHANGING = [
  'appendFileSync',
  'copyFileSync',
  'linkSync',
  'mkdirSync',
  'mkdtempSync',
  'renameSync',
  'rmdirSync',
  'rmSync',
  'symlinkSync',
  'unlinkSync',
  'writeFileSync',
];

let count = 0;
// Node's own fs functions call each other (appendFileSync → writeFileSync): count the outermost only.
let depth = 0;
for (const name of CHANGING) {
  const original = fs[name];
  fs[name] = function counted(...args) {
    if (depth > 0) return original.apply(this, args);
    count += 1;
    if (logFd !== undefined) writeSync(logFd, `${count} ${name} ${String(args[0])}\n`);
    if (count === killAt) process.kill(process.pid, signal);
    depth += 1;
    try {
      return original.apply(this, args);
    } finally {
      depth -= 1;
    }
  };
}
syncBuiltinESMExports();
