import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_ROLE_CAPABILITIES, loadConfig } from '../config/config';

describe('auth configuration', () => {
  it('defaults: no JWKS (API keys only), RS256/ES256, org/role claims, the default role table', () => {
    const { auth } = loadConfig({});
    expect(auth).toMatchObject({ jwksUrl: undefined, jwtAlgorithms: ['RS256', 'ES256'], orgClaim: 'org', roleClaim: 'role', clockSkewSeconds: 30 });
    expect(auth.roleCapabilities).toEqual({ owner: ['send', 'manage', 'admin'], admin: ['send', 'manage', 'admin'], member: ['send'], viewer: [] });
    expect(auth.roleCapabilities).toBe(DEFAULT_ROLE_CAPABILITIES);
  });

  it('reads a role table as JSON', () => {
    const { auth } = loadConfig({ AUTH_ROLE_CAPABILITIES: '{"ops":["manage"]}' });
    expect(auth.roleCapabilities).toEqual({ ops: ['manage'] });
  });

  it('refuses none, HS* and unknown algorithms, a bad role table and a non-HTTP JWKS URL', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return [];
      } catch (e) {
        return (e as ConfigError).problems;
      }
    };
    expect(problems({ AUTH_JWT_ALGORITHMS: 'RS256,HS256' })[0]).toMatch(/^AUTH_JWT_ALGORITHMS/);
    expect(problems({ AUTH_JWT_ALGORITHMS: 'none' })[0]).toMatch(/^AUTH_JWT_ALGORITHMS/);
    expect(problems({ AUTH_ROLE_CAPABILITIES: '{"ops":["root"]}' })[0]).toMatch(/^AUTH_ROLE_CAPABILITIES/);
    expect(problems({ AUTH_ROLE_CAPABILITIES: '["send"]' })[0]).toMatch(/^AUTH_ROLE_CAPABILITIES/);
    expect(problems({ AUTH_ROLE_CAPABILITIES: '{not json' })[0]).toMatch(/^AUTH_ROLE_CAPABILITIES/);
    expect(problems({ AUTH_JWKS_URL: 'file:///etc/jwks.json' })[0]).toMatch(/^AUTH_JWKS_URL/);
  });
});
