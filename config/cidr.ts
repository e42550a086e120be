/** An IPv4 network: first address as an unsigned 32-bit number, and the prefix length. */
export interface Ipv4Network {
  readonly start: number;
  readonly prefix: number;
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; undefined when it is not an IPv4 CIDR. Host bits must be zero. */
export function parseCidr(text: string): Ipv4Network | undefined {
  const match = CIDR.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((octet) => octet > 255) || prefix > 32) return undefined;
  const start = octets.reduce((acc, octet) => acc * 256 + octet, 0);
  if (start % size({ start, prefix }) !== 0) return undefined;
  return { start, prefix };
}

/** Number of addresses in the network. */
export function size(network: Ipv4Network): number {
  return 2 ** (32 - network.prefix);
}

export function contains(outer: Ipv4Network, inner: Ipv4Network): boolean {
  return inner.start >= outer.start && inner.start + size(inner) <= outer.start + size(outer);
}

export function overlaps(a: Ipv4Network, b: Ipv4Network): boolean {
  return a.start < b.start + size(b) && b.start < a.start + size(a);
}
