/** Kubernetes quantity → a number in base units (cores, bytes), for comparisons only. */
const suffixes: Record<string, number> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

export function parseQuantity(text: string): number {
  const match = /^([0-9]+(?:\.[0-9]+)?)([a-zA-Z]*)$/.exec(text);
  const factor = match ? suffixes[match[2]!] : undefined;
  if (!match || factor === undefined) throw new Error(`not a quantity: ${text}`);
  return Number(match[1]) * factor;
}
