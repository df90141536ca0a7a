import { describe, expect, it } from 'vitest';
import { expandIPv6, parseIp, UnsafeUrlError, UrlGuard } from './url-guard';

describe('UrlGuard', () => {
  const guard = new UrlGuard([]);

  it.each([
    'http://127.0.0.1/hook',
    'http://127.1.2.3:8080/',
    'http://localhost/hook',
    'http://10.0.0.5/',
    'http://172.16.3.4/',
    'http://192.168.1.1/',
    'http://169.254.169.254/latest/meta-data',
    'http://100.64.0.1/',
    'http://0.0.0.0/',
    'http://[::1]/',
    'http://[fe80::1]/',
    'http://[fd00:ec2::254]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:a9fe:a9fe]/',
  ])('refuses %s', async (url) => {
    await expect(guard.check(url)).rejects.toBeInstanceOf(UnsafeUrlError);
  });

  it.each(['ftp://example.com/', 'file:///etc/passwd', 'gopher://x/', 'not a url', '//example.com/x'])('refuses the scheme or syntax of %s', async (url) => {
    await expect(guard.check(url)).rejects.toBeInstanceOf(UnsafeUrlError);
  });

  it('accepts public addresses', async () => {
    await expect(guard.check('https://93.184.215.14/hook')).resolves.toBeUndefined();
    await expect(guard.check('http://[2606:4700::1111]/')).resolves.toBeUndefined();
  });

  it('lets an allowlist open loopback by IP, CIDR or name, and nothing else', async () => {
    const open = new UrlGuard(['127.0.0.1', '10.1.0.0/16', 'localhost']);
    await expect(open.check('http://127.0.0.1:9999/x')).resolves.toBeUndefined();
    await expect(open.check('http://10.1.2.3/x')).resolves.toBeUndefined();
    await expect(open.check('http://localhost:1/x')).resolves.toBeUndefined();
    await expect(open.check('http://10.2.0.1/x')).rejects.toBeInstanceOf(UnsafeUrlError);
    await expect(open.check('http://169.254.169.254/')).rejects.toBeInstanceOf(UnsafeUrlError);
  });

  it('refuses at connection time through its lookup (after DNS resolution)', async () => {
    const result = await new Promise<Error | null>((resolve) => guard.lookup('localhost', { all: true }, (err) => resolve(err)));
    expect(result).toBeInstanceOf(UnsafeUrlError);
  });

  describe('IPv6 addresses that carry an IPv4 address, and port 0', () => {
    // Each reaches (or claims to reach) a loopback or metadata IPv4 host.
    const EMBEDDED = [
      'http://[::7f00:1]/', // IPv4-compatible
      'http://[::127.0.0.1]/',
      'http://[::a9fe:a9fe]/',
      'http://[::ffff:0:7f00:1]/', // SIIT ::ffff:0:0/96
      'http://[::ffff:0:127.0.0.1]/',
      'http://[0:0:0:0:ffff:0:a9fe:a9fe]/',
      'http://[::ffff:127.0.0.1]/', // IPv4-mapped
      'http://[::ffff:7f00:1]/',
      'http://[0000:0000:0000:0000:0000:FFFF:7F00:0001]/',
      'http://[2002:7f00:1::]/', // 6to4: bits 16..47
      'http://[2002:a9fe:a9fe::]/',
      'http://[2002:a00:1:1234::1]/', // 6to4 of 10.0.0.1
      'http://[64:ff9b::7f00:1]/', // NAT64 well-known prefix
      'http://[64:ff9b::169.254.169.254]/',
      'http://[64:ff9b:1::7f00:1]/', // NAT64 local-use prefix
      'http://[64:ff9b:1:ff::1]/',
      'http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/', // Teredo, client 127.0.0.1 (inverted)
      'http://[2001:0:4136:e378:8000:63bf:5601:5601]/', // Teredo, client 169.254.169.254
      'http://[2001:0:7f00:1:8000:63bf:a2b3:c4d5]/', // Teredo, server 127.0.0.1
    ];

    it.each(EMBEDDED)('refuses %s', async (url) => {
      await expect(guard.check(url)).rejects.toBeInstanceOf(UnsafeUrlError);
    });

    it.each(EMBEDDED)('refuses %s even when the IPv4 address it embeds is allowlisted', async (url) => {
      const open = new UrlGuard(['127.0.0.1', '169.254.169.254', '10.0.0.0/8']);
      await expect(open.check(url)).rejects.toBeInstanceOf(UnsafeUrlError);
    });

    it('opens an embedding IPv6 address only when that IPv6 address is allowlisted', async () => {
      const open = new UrlGuard(['::ffff:127.0.0.1', '2002:7f00:1::/48']);
      await expect(open.check('http://[::ffff:7f00:1]:8080/')).resolves.toBeUndefined();
      await expect(open.check('http://[2002:7f00:1::5]/')).resolves.toBeUndefined();
      await expect(open.check('http://[::7f00:1]/')).rejects.toBeInstanceOf(UnsafeUrlError);
      await expect(open.check('http://127.0.0.1/')).rejects.toBeInstanceOf(UnsafeUrlError);
    });

    it('accepts the same forms around a public IPv4 address', async () => {
      for (const url of ['http://[::ffff:93.184.215.14]/', 'http://[2002:5db8:d70e::1]/', 'http://[64:ff9b::93.184.215.14]/', 'http://[2001:0:4136:e378:8000:63bf:a247:28f1]/']) {
        await expect(guard.check(url), url).resolves.toBeUndefined();
      }
    });

    it('refuses at connection time through its lookup too', async () => {
      for (const address of ['::7f00:1', '::ffff:0:7f00:1', '2002:a9fe:a9fe::', '64:ff9b::7f00:1', '2001:0:4136:e378:8000:63bf:80ff:fffe']) {
        const result = await new Promise<Error | null>((resolve) => guard.lookup(address, { all: true }, (err) => resolve(err)));
        expect(result, address).toBeInstanceOf(UnsafeUrlError);
      }
    });

    it('refuses port 0, even on an allowlisted host', async () => {
      await expect(guard.check('http://example.com:0/')).rejects.toThrow(/port 0/);
      const open = new UrlGuard(['example.com', '127.0.0.1']);
      await expect(open.check('http://example.com:0/')).rejects.toThrow(/port 0/);
      await expect(open.check('https://example.com:00/x')).rejects.toThrow(/port 0/);
      await expect(open.check('http://127.0.0.1:0/')).rejects.toThrow(/port 0/);
      await expect(open.check('http://example.com:1/')).resolves.toBeUndefined();
    });

    it('expands every spelling of an IPv6 address to the same eight groups', () => {
      const loop = [0, 0, 0, 0, 0, 0xffff, 0x7f00, 1];
      for (const a of ['::ffff:127.0.0.1', '::ffff:7f00:1', '0:0:0:0:0:ffff:7f00:1', '0000:0000:0000:0000:0000:ffff:127.0.0.1', '[::FFFF:7F00:0001]']) {
        expect(parseIp(a), a).toMatchObject({ family: 6, groups: loop, text: '0:0:0:0:0:ffff:7f00:1' });
      }
      expect(expandIPv6('::')).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
      expect(expandIPv6('1::')).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
      expect(expandIPv6('2002:a9fe:a9fe::')).toEqual([0x2002, 0xa9fe, 0xa9fe, 0, 0, 0, 0, 0]);
      expect(expandIPv6('1:2:3:4:5:6:7::')).toEqual([1, 2, 3, 4, 5, 6, 7, 0]);
      expect(parseIp('fe80::1%eth0')).toMatchObject({ family: 6, groups: [0xfe80, 0, 0, 0, 0, 0, 0, 1] });
      expect(parseIp('127.0.0.1')).toEqual({ family: 4, text: '127.0.0.1' });
      for (const bad of ['example.com', '1:2:3:4:5:6:7:8:9', '1::2::3', '']) expect(parseIp(bad), bad).toBeUndefined();
    });

    it('does not tell which internal address a host name resolves to', async () => {
      await expect(guard.check('http://localhost/')).rejects.toThrow(/^host "localhost" resolves to a loopback/);
    });
  });
});
