// `node --import ./test/helpers/trace-loads.mjs …` appends the file: URL of every ES module Node
// loads to the file named by $TRACE_LOADS_FILE, one per line. The append is synchronous and
// happens before the module is handed to Node, so the file is complete when the process exits.
// Used by test/e2e/bundle.test.ts to check which bundle chunks a command reads.
import { register } from 'node:module';

register('./trace-loads-hooks.mjs', import.meta.url);
