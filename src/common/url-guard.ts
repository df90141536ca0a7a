import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { Agent } from 'undici';
import { BlockList, isIP } from 'node:net';

/** Where a webhook may not point: loopback, private, link-local (cloud metadata), and the like. */
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
  ['64:ff9b:1::', 48],
  ['100::', 64], // discard
  ['2001:db8::', 32],
  ['fc00::', 7], // unique local (incl. fd00:ec2::254 AWS metadata)
  ['fe80::', 10], // link-local
  ['fec0::', 10],
  ['ff00::', 8], // multicast
];

export class UnsafeUrlError extends Error {}

/**
 * Checks webhook targets against SSRF. The check runs on the resolved addresses, and the sender
 * connects to exactly the address checked (this lookup is the connection's resolver), so DNS
 * rebinding between check and connect is impossible. The allowlist holds host names, IPs or
 * CIDRs (e.g. a test receiver on 127.0.0.1, or an internal service).
 */
export class UrlGuard {
  private readonly forbidden = new BlockList();
  private readonly allowedNets = new BlockList();
  private readonly allowedNames = new Set<string>();

  constructor(allowlist: string[]) {
    for (const [net, prefix] of FORBIDDEN_V4) this.forbidden.addSubnet(net, prefix, 'ipv4');
    for (const [net, prefix] of FORBIDDEN_V6) this.forbidden.addSubnet(net, prefix, 'ipv6');
    for (const entry of allowlist) {
      const [addr, prefix] = entry.split('/');
      const family = isIP(addr);
      if (family) this.allowedNets.addSubnet(addr, prefix ? Number(prefix) : family === 4 ? 32 : 128, family === 4 ? 'ipv4' : 'ipv6');
      else this.allowedNames.add(entry.toLowerCase());
    }
  }

  /** Syntax and scheme; then, unless the host is allowlisted, every resolved address. */
  async check(rawUrl: string): Promise<void> {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      throw new UnsafeUrlError('must be an absolute http(s) URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UnsafeUrlError('must use http or https');
    const host = hostOf(url);
    if (this.allowedNames.has(host)) return;
    const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await resolveAll(host);
    for (const a of addresses) this.checkAddress(a.address);
  }

  /** Throws when an address is forbidden and not allowlisted. */
  checkAddress(address: string): void {
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (this.allowedNets.check(address, family)) return;
    // IPv4-mapped / NAT64 IPv6 addresses reach IPv4 hosts: judge the embedded IPv4 address.
    const mapped = family === 'ipv6' ? embeddedV4(address) : undefined;
    if (mapped) return this.checkAddress(mapped);
    if (this.forbidden.check(address, family)) {
      throw new UnsafeUrlError(`resolves to a loopback, private, link-local or reserved address (${address})`);
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

function hostOf(url: URL): string {
  return url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
}

function resolveAll(host: string): Promise<{ address: string; family: number }[]> {
  return new Promise((resolve, reject) =>
    dnsLookup(host, { all: true }, (err, addresses) => (err ? reject(new UnsafeUrlError(`host "${host}" does not resolve`)) : resolve(addresses))),
  );
}

/** The IPv4 address inside ::ffff:a.b.c.d (mapped) or 64:ff9b::a.b.c.d (NAT64), if any. */
function embeddedV4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const m = /^(?:::ffff:|64:ff9b::)(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/.exec(lower);
  if (!m) return undefined;
  if (m[1]) return m[1];
  const hi = parseInt(m[2], 16);
  const lo = parseInt(m[3], 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}
