import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { Agent } from 'undici';
import { BlockList, isIP } from 'node:net';

/** Where a webhook or media URL may not point: loopback, private, link-local (cloud metadata), and the like. */
const FORBIDDEN_V4: [string, number][] = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, incl. 169.254.169.254 metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments (incl. 192.0.0.192 Oracle metadata)
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];
const FORBIDDEN_V6: [string, number][] = [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b:1::', 48], // local-use NAT64: translates to anywhere, internal networks included
  ['100::', 64], // discard
  ['2001:db8::', 32],
  ['fc00::', 7], // unique local (incl. fd00:ec2::254 AWS metadata)
  ['fe80::', 10], // link-local
  ['fec0::', 10],
  ['ff00::', 8], // multicast
];

export class UnsafeUrlError extends Error {}

const FORBIDDEN_MESSAGE = 'a loopback, private, link-local or reserved address';

/**
 * Checks webhook and media targets against SSRF. The check runs on the resolved addresses, and
 * the sender connects to exactly the address checked (this lookup is the connection's resolver),
 * so DNS rebinding between check and connect is impossible. IPv6 addresses are expanded to their
 * eight groups first, and every IPv4 address they carry (IPv4-compatible, IPv4-mapped, SIIT,
 * NAT64, 6to4, Teredo) is judged as well. The allowlist holds host names, IPs or CIDRs (e.g. a
 * test receiver on 127.0.0.1, or an internal service); an IP entry opens that family's addresses
 * only: allowing 127.0.0.1 does not allow ::ffff:127.0.0.1 or 2002:7f00:1::.
 */
export class UrlGuard {
  private readonly forbiddenV4 = new BlockList();
  private readonly forbiddenV6 = new BlockList();
  private readonly allowedV4 = new BlockList();
  private readonly allowedV6 = new BlockList();
  private readonly allowedNames = new Set<string>();

  constructor(allowlist: string[]) {
    for (const [net, prefix] of FORBIDDEN_V4) this.forbiddenV4.addSubnet(net, prefix, 'ipv4');
    for (const [net, prefix] of FORBIDDEN_V6) this.forbiddenV6.addSubnet(net, prefix, 'ipv6');
    for (const entry of allowlist) {
      const [addr, prefix] = entry.split('/');
      const family = isIP(addr);
      if (family === 4) this.allowedV4.addSubnet(addr, prefix ? Number(prefix) : 32, 'ipv4');
      else if (family === 6) this.allowedV6.addSubnet(addr, prefix ? Number(prefix) : 128, 'ipv6');
      else this.allowedNames.add(entry.toLowerCase());
    }
  }

  /** Syntax, scheme and port; then, unless the host is allowlisted, every resolved address. */
  async check(rawUrl: string): Promise<void> {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      throw new UnsafeUrlError('must be an absolute http(s) URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UnsafeUrlError('must use http or https');
    // Nothing listens on port 0: connecting there is either an error or an OS-specific surprise.
    if (url.port === '0') throw new UnsafeUrlError('port 0 is not allowed');
    const host = hostOf(url);
    if (this.allowedNames.has(host)) return;
    if (isIP(host)) return this.checkAddress(host);
    const addresses = await resolveAll(host);
    try {
      for (const a of addresses) this.checkAddress(a.address);
    } catch (e) {
      // Which internal address a name resolves to is not the caller's business.
      if (e instanceof UnsafeUrlError) throw new UnsafeUrlError(`host "${host}" resolves to ${FORBIDDEN_MESSAGE}`);
      throw e;
    }
  }

  /** Throws when an address (IPv4 or IPv6, any spelling) is forbidden and not allowlisted. */
  checkAddress(address: string): void {
    const ip = parseIp(address);
    if (!ip) throw new UnsafeUrlError(`"${address}" is not an IP address`);
    if (ip.family === 4) {
      if (this.allowedV4.check(ip.text, 'ipv4')) return;
      if (this.forbiddenV4.check(ip.text, 'ipv4')) throw new UnsafeUrlError(`${ip.text} is ${FORBIDDEN_MESSAGE}`);
      return;
    }
    if (this.allowedV6.check(ip.text, 'ipv6')) return;
    if (this.forbiddenV6.check(ip.text, 'ipv6')) throw new UnsafeUrlError(`${ip.text} is ${FORBIDDEN_MESSAGE}`);
    for (const v4 of embeddedV4(ip.groups)) {
      if (this.forbiddenV4.check(v4, 'ipv4')) throw new UnsafeUrlError(`${ip.text} embeds the IPv4 address ${v4}, ${FORBIDDEN_MESSAGE}`);
    }
  }

  /**
   * An HTTP client (undici dispatcher) that resolves every connection through this guard, so the
   * address checked is the address connected to; one timeout for connecting, headers and body.
   */
  agent(timeoutMs: number, options: Omit<Agent.Options, 'connect' | 'headersTimeout' | 'bodyTimeout'> = {}): Agent {
    return new Agent({
      ...options,
      connect: { lookup: this.lookup as never, timeout: timeoutMs },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
  }

  /** A `net.connect` lookup that refuses forbidden addresses (used by the guarded agents). */
  readonly lookup = (
    hostname: string,
    options: { all?: boolean; family?: number } | number,
    callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    const opts = typeof options === 'object' ? options : {};
    const allowedName = this.allowedNames.has(hostname.toLowerCase().replace(/^\[|\]$/g, ''));
    dnsLookup(hostname, { all: true, family: opts.family ?? 0 }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      try {
        if (!allowedName) for (const a of addresses) this.checkAddress(a.address);
      } catch (e) {
        return callback(e as Error, '', 0);
      }
      if (opts.all) callback(null, addresses);
      else callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/** A URL for the log: no query string or fragment (they may carry tokens), no credentials. */
export function urlForLog(raw: string): string {
  try {
    const u = new URL(raw);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(not a URL)';
  }
}

function hostOf(url: URL): string {
  return url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
}

function resolveAll(host: string): Promise<{ address: string; family: number }[]> {
  return new Promise((resolve, reject) =>
    dnsLookup(host, { all: true }, (err, addresses) => (err ? reject(new UnsafeUrlError(`host "${host}" does not resolve`)) : resolve(addresses))),
  );
}

export type ParsedIp = { family: 4; text: string } | { family: 6; text: string; groups: number[] };

/**
 * An IP address in a canonical form: IPv4 as a dotted quad, IPv6 expanded to its eight 16-bit
 * groups (text: eight lower-case hex groups, no compression). Undefined when not an address.
 * A zone index (fe80::1%eth0) is dropped.
 */
export function parseIp(address: string): ParsedIp | undefined {
  const value = address.trim().replace(/^\[|\]$/g, '').split('%')[0].toLowerCase();
  const family = isIP(value);
  if (family === 4) return { family: 4, text: value.split('.').map(Number).join('.') };
  if (family !== 6) return undefined;
  const groups = expandIPv6(value);
  if (!groups) return undefined;
  return { family: 6, text: groups.map((g) => g.toString(16)).join(':'), groups };
}

/** The eight 16-bit groups of an IPv6 address (already known valid by isIP). */
export function expandIPv6(value: string): number[] | undefined {
  let text = value;
  // A trailing dotted quad stands for the last two groups.
  const quad = /^(.*:)(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (quad) {
    const b = quad.slice(2).map(Number);
    if (b.some((x) => x > 255)) return undefined;
    text = `${quad[1]}${((b[0] << 8) | b[1]).toString(16)}:${((b[2] << 8) | b[3]).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const part = (s: string) => (s === '' ? [] : s.split(':'));
  const head = part(halves[0]);
  const tail = halves.length === 2 ? part(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (all.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return undefined;
  return all.map((g) => parseInt(g, 16));
}

/**
 * Every IPv4 address an IPv6 address carries, by the prefix that says where it sits:
 * ::/96 (IPv4-compatible, deprecated), ::ffff:0:0/96 (IPv4-mapped), ::ffff:0:0:0/96 (SIIT),
 * 64:ff9b::/96 (NAT64, the last 32 bits), 2002::/16 (6to4, bits 16..47) and 2001::/32 (Teredo:
 * the server in bits 32..63, the client in the last 32 bits inverted). The local-use NAT64
 * prefix 64:ff9b:1::/48 is refused whole (FORBIDDEN_V6), wherever its IPv4 address sits.
 */
export function embeddedV4(g: number[]): string[] {
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  const found: string[] = [];
  if (zero(0, 5) && (g[5] === 0 || g[5] === 0xffff)) found.push(v4(g[6], g[7]));
  if (zero(0, 4) && g[4] === 0xffff && g[5] === 0) found.push(v4(g[6], g[7]));
  if (g[0] === 0x64 && g[1] === 0xff9b && zero(2, 6)) found.push(v4(g[6], g[7]));
  if (g[0] === 0x2002) found.push(v4(g[1], g[2]));
  if (g[0] === 0x2001 && g[1] === 0) found.push(v4(g[2], g[3]), v4(g[6] ^ 0xffff, g[7] ^ 0xffff));
  return found;
}
