/**
 * npm run schemas — regenerate src/validate/schemas/ from the pinned kubernetes-models
 * packages. See src/validate/README.md.
 */
import { DEFAULT_OUT_DIR, generateStrictSchemas, relativeToRoot } from './strict-schemas-lib.js';

const manifest = generateStrictSchemas(DEFAULT_OUT_DIR);
console.log(`wrote ${manifest.kinds.length} kinds + manifest.json to ${relativeToRoot(DEFAULT_OUT_DIR)}`);
for (const s of manifest.sources) console.log(`  ${s.name}@${s.version}: ${s.upstream}`);
