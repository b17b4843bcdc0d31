/**
 * CIDR checks for answers that become address allow-lists: an IPv4 or IPv6 network address and
 * prefix length, host bits zero (nginx, HAProxy and cloud load balancers would otherwise widen
 * or refuse a range such as 10.0.0.1/8).
 */

/** What is wrong with a CIDR, or undefined when it is a network address with a prefix length. */
export function cidrProblem(text: string): string | undefined {
  const [address = '', prefix, ...rest] = text.split('/');
  if (prefix === undefined || rest.length > 0 || !/^\d{1,3}$/.test(prefix)) return 'is not ADDRESS/PREFIX';
  const bits = address.includes(':') ? ipv6Bits(address) : ipv4Bits(address);
  if (bits === undefined) return `has no valid IPv${address.includes(':') ? 6 : 4} address`;
  const length = Number(prefix);
  if (length > bits.length) return `has a prefix longer than ${bits.length} bits`;
  if (bits.slice(length).includes('1')) return 'has host bits set after the prefix: write the network address';
  return undefined;
}

function ipv4Bits(address: string): string | undefined {
  const parts = address.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255)) return undefined;
  return parts.map((p) => Number(p).toString(2).padStart(8, '0')).join('');
}

function ipv6Bits(address: string): string | undefined {
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string) => (half === '' ? [] : half.split(':'));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 2 && missing < 1) || (halves.length === 1 && missing !== 0)) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (all.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return all.map((g) => parseInt(g, 16).toString(2).padStart(16, '0')).join('');
}
