/**
 * Edit the `images` entry of a Kustomization through the yaml Document API, so everything else in
 * the file (comments, order, quoting, other entries) stays as it was. Pure: text in, text out.
 */
import { isMap, isScalar, isSeq, parseDocument, type YAMLMap, type Document } from 'yaml';
import { UserError } from '../core/errors.js';
import { asText } from '../core/records.js';
import { checkImageDigest, checkInngestTag } from '../answers/image-pin.js';
import type { Answers } from '../answers/schema.js';
import { sha256 } from './state.js';

export interface ImagePin {
  /** images[].name: the image repository the overlay rewrites. */
  name: string;
  tag?: string;
  digest?: string;
}

export interface ImageEdit {
  text: string;
  changed: boolean;
  /** What the entry said before, e.g. `newTag v1.45.1` or `(no entry)`. */
  before: string;
  after: string;
}

function describe(entry: YAMLMap | undefined): string {
  if (!entry) return '(no entry)';
  const parts = ['newName', 'newTag', 'digest'].flatMap((key) => {
    const value = entry.get(key);
    return value === undefined || value === null ? [] : [`${key} ${asText(value)}`];
  });
  return parts.length ? parts.join(', ') : '(no newTag or digest)';
}

/**
 * Sets newTag and/or digest of the images entry named `pin.name`, adding the entry (and the
 * images list) when missing. With only a tag, a digest left from before is removed (it would
 * still pin the old image); with only a digest, a tag left from before is removed (it would
 * name a different release than the digest). `file` names the file in errors.
 */
export function setKustomizationImage(text: string, pin: ImagePin, file: string): ImageEdit {
  const doc: Document = parseDocument(text, { version: '1.1', keepSourceTokens: false });
  if (doc.errors.length > 0)
    throw new UserError(file, `is not valid YAML (${doc.errors[0]?.message.split('\n')[0] ?? ''})`, 'a Kustomization');
  if (!isMap(doc.contents)) throw new UserError(file, 'is not a mapping', 'a Kustomization');

  let images: unknown = doc.contents.get('images', true);
  if (images === undefined || images === null || (isScalar(images) && images.value === null)) {
    images = doc.createNode([]);
    doc.contents.set('images', images);
  }
  if (!isSeq(images)) throw new UserError(`${file} images`, 'is not a list', 'a list of { name, newTag, digest }');

  let entry = images.items.find((item): item is YAMLMap => isMap(item) && item.get('name') === pin.name);
  const before = describe(entry);
  if (!entry) {
    entry = doc.createNode({ name: pin.name });
    images.items.push(entry);
  }
  const want: Record<'newTag' | 'digest', string | undefined> = { newTag: pin.tag, digest: pin.digest };
  let changed = before === '(no entry)';
  for (const key of ['newTag', 'digest'] as const) {
    const current = entry.get(key);
    const value = want[key];
    if (value === undefined) {
      if (entry.has(key)) {
        entry.delete(key);
        changed = true;
      }
    } else if (current !== value) {
      // Change the scalar in place so a comment on its line stays with it.
      const node = entry.get(key, true);
      if (isScalar(node)) node.value = value;
      else entry.set(key, value);
      changed = true;
    }
  }
  if (!changed) return { text, changed: false, before, after: before };
  return { text: doc.toString({ lineWidth: 0 }), changed: true, before, after: describe(entry) };
}

/** The newTag and digest of the images entry named `name`, or undefined when there is none (or the text is not a Kustomization). */
function readKustomizationImage(text: string, name: string): { tag?: string; digest?: string } | undefined {
  const doc = parseDocument(text, { version: '1.1' });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined;
  const images = doc.contents.get('images', true);
  if (!isSeq(images)) return undefined;
  const entry = images.items.find((item): item is YAMLMap => isMap(item) && item.get('name') === name);
  if (!entry) return undefined;
  const value = (key: string) => {
    const v: unknown = entry.get(key);
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  const tag = value('newTag');
  const digest = value('digest');
  return { ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

export interface AdoptedPin {
  env: string;
  file: string;
  pin: { tag?: string; digest?: string };
}

/**
 * Inngest pins edited into overlays since they were rendered (by Renovate, or by hand), as a
 * re-run adopts them: an overlay edited since (its hash is not the recorded one) whose images
 * entry differs from what the recorded answers render becomes that environment's image answer,
 * as `set-image` would have recorded it. Overlays as rendered adopt nothing, so an image answer
 * edited in inngest-gitops.json still moves them; so do missing or unreadable ones. A pin that
 * is not a release tag or digest is refused, naming the overlay.
 */
export function adoptedImagePins(
  recorded: Answers,
  overlays: ReadonlyMap<string, string>,
  hashes: Readonly<Record<string, string>>,
): AdoptedPin[] {
  const adopted: AdoptedPin[] = [];
  for (const env of recorded.environments) {
    const text = overlays.get(env.name);
    const file = `overlays/${env.name}/kustomization.yaml`;
    if (text === undefined || hashes[file] === sha256(text)) continue;
    const onDisk = readKustomizationImage(text, recorded.image.repository);
    if (!onDisk || (onDisk.tag === undefined && onDisk.digest === undefined)) continue;
    const rendered = env.image ?? { tag: recorded.image.tag };
    if (onDisk.tag === rendered.tag && onDisk.digest === rendered.digest) continue;
    if (onDisk.tag !== undefined) checkInngestTag(`${file} images ${recorded.image.repository} newTag`, onDisk.tag);
    if (onDisk.digest !== undefined)
      checkImageDigest(`${file} images ${recorded.image.repository} digest`, onDisk.digest);
    adopted.push({ env: env.name, file, pin: onDisk });
  }
  return adopted;
}

/** Recorded answers with an environment's own image pin (environments[].image) set: a re-run renders the same overlay. */
export function withEnvironmentPin(answers: unknown, env: string, pin: { tag?: string; digest?: string }): unknown {
  const out = structuredClone(answers) as { environments?: { name?: string; image?: object }[] };
  const entry = out.environments?.find((e) => e.name === env);
  if (entry) entry.image = { ...(pin.tag ? { tag: pin.tag } : {}), ...(pin.digest ? { digest: pin.digest } : {}) };
  return out;
}

/**
 * The hash inngest-gitops.json records for an overlay set-image edited. Untouched by the user, the
 * edited text is the generator's output with the new pin: its own hash. Edited by the user, it
 * is not: the generator's output for the new answers is recorded when known (`generated`), else
 * the old record stays, so a later re-run reports the user's edit instead of replacing it.
 */
export function recordedAfterPin(
  recorded: string | undefined,
  current: string,
  edited: string,
  generated: string | undefined,
): string | undefined {
  if (recorded !== undefined && recorded === sha256(current)) return sha256(edited);
  return generated === undefined ? recorded : sha256(generated);
}
