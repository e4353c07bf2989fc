/**
 * Version order for updates (Semantic Versioning 2.0.0 §11): numeric major.minor.patch,
 * then a release above any of its pre-releases, pre-release fields compared one by one.
 * Build metadata (+…) is ignored.
 */
const PATTERN = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

export function isVersion(text: string): boolean {
  return PATTERN.test(text);
}

function compareIdentifiers(a: string, b: string): number {
  const na = /^\d+$/.test(a);
  const nb = /^\d+$/.test(b);
  if (na && nb) return Math.sign(Number(a) - Number(b));
  if (na !== nb) return na ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** <0, 0 or >0 as `a` is older than, the same as, or newer than `b`. Throws on non-versions. */
export function compareVersions(a: string, b: string): number {
  const ma = PATTERN.exec(a);
  const mb = PATTERN.exec(b);
  if (!ma || !mb) throw new Error(`not a version: ${ma ? b : a}`);
  for (let i = 1; i <= 3; i++) {
    const diff = Number(ma[i]) - Number(mb[i]);
    if (diff) return Math.sign(diff);
  }
  const pa = ma[4]?.split('.');
  const pb = mb[4]?.split('.');
  if (!pa || !pb) return pa ? -1 : pb ? 1 : 0;
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if (pa[i] === undefined) return -1;
    if (pb[i] === undefined) return 1;
    const diff = compareIdentifiers(pa[i]!, pb[i]!);
    if (diff) return diff;
  }
  return 0;
}
