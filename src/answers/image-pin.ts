import { UserError } from '../core/errors.js';
import { isSupportedInngestTag, MIN_INNGEST_VERSION } from '../model/versions.js';

/** The rules of an Inngest image pin (image.tag, environments[].image, set-image --tag/--digest). */
export const imageTagPattern = '^v(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$';
export const imageTagAllowed = 'a pinned release tag such as v1.45.1 (never latest), v1.42.0 or newer';
/** The longest tag an image reference may carry (github.com/distribution/reference regexp.go: tag). */
export const IMAGE_TAG_MAX_LENGTH = 128;
export const imageDigestPattern = '^sha256:[a-f0-9]{64}$';
export const imageDigestAllowed = 'sha256: followed by 64 lowercase hex digits';

/** A tag the answers schema let through must also be new enough for Connect across replicas. */
export function checkInngestTag(field: string, tag: string): void {
  if (tag === 'latest')
    throw new UserError(field, 'latest is not allowed: it is not a pinned release', imageTagAllowed);
  if (tag.length > IMAGE_TAG_MAX_LENGTH)
    throw new UserError(field, `has ${tag.length} characters, more than ${IMAGE_TAG_MAX_LENGTH}`, imageTagAllowed);
  if (!new RegExp(imageTagPattern).test(tag))
    throw new UserError(field, `${JSON.stringify(tag.slice(0, 60))} is not a release tag`, imageTagAllowed);
  if (!isSupportedInngestTag(tag)) {
    throw new UserError(
      field,
      `${tag} is older than v${MIN_INNGEST_VERSION.join('.')}, the first release with Connect across replicas`,
      imageTagAllowed,
    );
  }
}

export function checkImageDigest(field: string, digest: string): void {
  if (!new RegExp(imageDigestPattern).test(digest))
    throw new UserError(field, `${JSON.stringify(digest)} is not an image digest`, imageDigestAllowed);
}
