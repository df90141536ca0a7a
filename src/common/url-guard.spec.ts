import { describe, expect, it } from 'vitest';
import { UnsafeUrlError, UrlGuard } from './url-guard';

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
});
