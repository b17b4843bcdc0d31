import { recordedAnswers } from '../answers/ci.js';
import { resolveAnswers } from '../answers/resolve.js';
import type { PartialAnswers } from '../answers/schema.js';
import { readOverlays } from '../io/repository.js';
import { adoptedImagePins } from '../plan/image-pin.js';
import type { RepositoryState } from '../plan/state.js';

/**
 * The answers a re-run (or upgrade, or --check) of a generated repository starts from: those
 * inngest-gitops.json recorded, plus every Inngest pin edited into an overlay since (Renovate's
 * updates, hand edits), taken as that environment's image answer the way set-image records it.
 */
export function rerunAnswers(state: RepositoryState, target: string): { answers: PartialAnswers; notes: string[] } {
  const answers = recordedAnswers(state.answers);
  const recorded = resolveAnswers(answers);
  const overlays = readOverlays(
    target,
    recorded.environments.map((e) => e.name),
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
