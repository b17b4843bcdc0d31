// npm run fuzz [-- RUNS [SEED]]: the bad-input property of test/helpers/fuzz.ts on 2,000 cases
// (test/integration/fuzz.test.ts runs a small sample of it in npm run test:integration). Every exit-0 case is rendered with
// kubectl and validated unless FUZZ_KUBECTL_EVERY says otherwise (1 = each, 0 = none).
import { fuzz } from '../test/helpers/fuzz.js';

const runs = Number(process.argv[2] ?? 2000);
const seed = Number(process.argv[3] ?? Date.now() % 1_000_000);
const kubectlEvery = Number(process.env.FUZZ_KUBECTL_EVERY ?? 1);
console.log(`fuzz: ${runs} cases, seed ${seed} (repeat with: npm run fuzz -- ${runs} ${seed})`);
const report = await fuzz({
  runs,
  seed,
  kubectlEvery,
  progress: (r) => {
    if (r.cases % 100 === 0) console.log(`fuzz: ${r.cases} cases so far (${r.exit0} exit 0, ${r.exit2} exit 2)`);
  },
});
console.log(
  `fuzz: ${report.cases} cases passed in ${report.seconds} s: ${report.exit0} exit 0 (${report.validated} rendered with kubectl and validated), ${report.exit2} exit 2`,
);
