/**
 * IPv4 and IPv6 addresses and CIDR networks, for answers that become address allow-lists
 * (NetworkPolicy ipBlock, source ranges): an IPv4 or IPv6 network address and prefix length,
 * host bits zero (nginx, HAProxy and cloud load balancers would otherwise widen or refuse a range
 * such as 10.0.0.1/8). Pure: nothing here touches the network.
 */

/** An address as a big integer and its width in bits (32 or 128). */
interface Address {
  value: bigint;
  bits: 32 | 128;
}

function parseIPv4(text: string): Address | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    // No leading zeros: "010" is octal to some parsers and decimal to others.
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(part);
  }
  return { value, bits: 32 };
}

function parseIPv6(text: string): Address | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string): number[] | undefined => {
    if (half === '') return [];
    const out: number[] = [];
    const parts = half.split(':');
    for (const [i, part] of parts.entries()) {
      if (i === parts.length - 1 && part.includes('.')) {
        const v4 = parseIPv4(part);
        if (!v4) return undefined;
        out.push(Number(v4.value >> 16n), Number(v4.value & 0xffffn));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(part)) out.push(parseInt(part, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...new Array<number>(missing).fill(0), ...tail];
  return { value: all.reduce((acc, group) => (acc << 16n) | BigInt(group), 0n), bits: 128 };
}

/** An IPv4 or IPv6 address (no brackets, no zone), or undefined. */
export function parseAddress(text: string): Address | undefined {
  return text.includes(':') ? parseIPv6(text) : parseIPv4(text);
}

interface Network {
  address: Address;
  prefix: number;
}

/** "10.0.0.0/16" → the network (host bits may be set); undefined when it is not CIDR notation. */
export function parseCidr(text: string): Network | undefined {
  const [address = '', prefix, ...rest] = text.split('/');
  if (prefix === undefined || rest.length > 0 || !/^\d{1,3}$/.test(prefix)) return undefined;
  const parsed = parseAddress(address);
  if (!parsed || Number(prefix) > parsed.bits) return undefined;
  return { address: parsed, prefix: Number(prefix) };
}

function hostBits(network: Network): bigint {
  return (1n << BigInt(network.address.bits - network.prefix)) - 1n;
}

/** Whether the address is the network's own (no host bits set), as in 10.0.0.0/16 but not 10.0.0.1/16. */
export function isNetworkAddress(network: Network): boolean {
  return (network.address.value & hostBits(network)) === 0n;
}

export function containsAddress(network: Network, address: Address): boolean {
  if (network.address.bits !== address.bits) return false;
  const mask = ~hostBits(network);
  return (network.address.value & mask) === (address.value & mask);
}

/** What is wrong with a CIDR, or undefined when it is a network address with a prefix length. */
export function cidrProblem(text: string): string | undefined {
  const [address = '', prefix, ...rest] = text.split('/');
  if (prefix === undefined || rest.length > 0 || !/^\d{1,3}$/.test(prefix)) return 'is not ADDRESS/PREFIX';
  const parsed = parseAddress(address);
  if (!parsed) return `has no valid IPv${address.includes(':') ? 6 : 4} address`;
  if (Number(prefix) > parsed.bits) return `has a prefix longer than ${parsed.bits} bits`;
  if (!isNetworkAddress(parseCidr(text)!)) return 'has host bits set: write the network address';
  return undefined;
}
