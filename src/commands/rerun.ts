import { recordedAnswers } from '../answers/ci.js';
import { resolveAnswers, withoutDerivedValues } from '../answers/resolve.js';
import type { PartialAnswers } from '../answers/schema.js';
import { adoptedImagePins } from '../plan/image-pin.js';
import type { RepositoryState } from '../plan/state.js';

/**
 * The answers a re-run (or upgrade, or --check) of a generated repository starts from: those
 * inngest-gitops.json recorded (without the values derived from the others, which the run derives
 * again), plus every Inngest pin edited into an overlay since (Renovate's updates, hand edits),
 * taken as that environment's image answer the way set-image records it. `disk` is the target as
 * the run plans against it (commands/target.ts).
 */
export function rerunAnswers(
  state: RepositoryState,
  disk: ReadonlyMap<string, string>,
): { answers: PartialAnswers; notes: string[] } {
  const answers = withoutDerivedValues(recordedAnswers(state.answers));
  const recorded = resolveAnswers(answers);
  const overlays = new Map(
    recorded.environments.flatMap((e) => {
      const text = disk.get(`overlays/${e.name}/kustomization.yaml`);
      return text === undefined ? [] : [[e.name, text] as const];
    }),
  );
  const notes: string[] = [];
  for (const { env, file, pin } of adoptedImagePins(recorded, overlays, state.files)) {
    const entry = answers.environments?.find((e) => e?.name === env);
    if (!entry) continue;
    entry.image = pin;
    notes.push(
      `${file} pins ${recorded.image.repository} ${[pin.tag, pin.digest].filter(Boolean).join('@')} (edited since it was rendered): taken as the image of ${env}.`,
    );
  }
  return { answers, notes };
}
