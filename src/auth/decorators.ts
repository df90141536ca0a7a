/**
 * Authentication rules and the principal, for every controller:
 *
 * - `@Public()` or `@Authenticated({ capability })` on every route (class or method; the method
 *   wins). The global AuthGuard denies a route with neither, and the route-table test fails.
 * - `@Principal() principal: Principal` (or its alias `@CurrentPrincipal()`) gives the caller:
 *   `{ orgId, kind, subject, capabilities }`. `Principal` is both the interface (type) and the
 *   parameter decorator (value), through TypeScript declaration merging. On a @Public() route
 *   it is undefined.
 */
import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorEnvelopeDto } from '../common/error-envelope.dto';

export const CAPABILITIES = ['send', 'manage', 'admin'] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** Who is calling: resolved once per request by the global guard. */
export interface Principal {
  orgId: string;
  kind: 'user' | 'api_key';
  /** The JWT subject or the API key id. */
  subject: string;
  capabilities: Capability[];
}

/** The principal the global guard resolved (undefined on @Public() routes). */
export const Principal = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal | undefined => {
  return ctx.switchToHttp().getRequest<{ principal?: Principal }>().principal;
});
export const CurrentPrincipal = Principal;

export const AUTH_RULE = 'auth:rule';
export type AuthRule = { public: true } | { public: false; capability?: Capability };

/** No authentication at all (health, docs). */
export const Public = () => SetMetadata(AUTH_RULE, { public: true } satisfies AuthRule);

/**
 * Requires a valid principal and, when given, a capability. One decorator sets both the rule the
 * global guard enforces and the OpenAPI security entry and error responses.
 */
export function Authenticated(options: { capability?: Capability } = {}) {
  const decorators = [
    SetMetadata(AUTH_RULE, { public: false, capability: options.capability } satisfies AuthRule),
    ApiBearerAuth('bearer'),
    ApiUnauthorizedResponse({ description: 'No valid principal.', type: ErrorEnvelopeDto }),
  ];
  if (options.capability) {
    decorators.push(ApiForbiddenResponse({ description: `Requires the \`${options.capability}\` capability.`, type: ErrorEnvelopeDto }));
  }
  return applyDecorators(...decorators);
}
