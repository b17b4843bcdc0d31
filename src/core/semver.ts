/**
 * Order of the versions this package records (MAJOR.MINOR.PATCH, optionally -PRERELEASE):
 * numerically, and a pre-release below its release (pre-releases of one version by their text).
 * Returns < 0, 0 or > 0; undefined when either is not such a version.
 */
export function compareVersions(a: string, b: string): number | undefined {
  const [left, right] = [a, b].map((v) => /^(\d+)\.(\d+)\.(\d+)(?:-(.+))?$/.exec(v.trim()));
  if (!left || !right) return undefined;
  for (let i = 1; i <= 3; i += 1) {
    const difference = Number(left[i]) - Number(right[i]);
    if (difference !== 0) return difference;
  }
  const [x, y] = [left[4], right[4]];
  if (x === y) return 0;
  if (x === undefined) return 1;
  if (y === undefined) return -1;
  return x < y ? -1 : 1;
}
