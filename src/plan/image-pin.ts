/**
 * Edit the `images` entry of a Kustomization through the yaml Document API, so everything else in
 * the file (comments, order, quoting, other entries) stays as it was. Pure: text in, text out.
 */
import { isMap, isScalar, isSeq, parseDocument, type YAMLMap, type Document } from 'yaml';
import { UserError } from '../core/errors.js';
import { asText } from '../core/records.js';

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
