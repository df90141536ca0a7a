/**
 * passport-jwt reports verification failures with jsonwebtoken's errors: the same words as the
 * key provider's own refusals, for the caller. Undefined for anything else.
 */
export function jwtFailure(e: unknown): { message: string; claimed: true } | undefined {
  const err = e as { name?: string; message?: string };
  const name = err?.name;
  if (name !== 'TokenExpiredError' && name !== 'NotBeforeError' && name !== 'JsonWebTokenError') return undefined;
  const text = err.message ?? '';
  const message =
    name === 'TokenExpiredError'
      ? 'token expired'
      : name === 'NotBeforeError'
        ? 'token not yet valid'
        : /audience invalid/.test(text)
          ? 'token claim "aud" is invalid'
          : /issuer invalid/.test(text)
            ? 'token claim "iss" is invalid'
            : /invalid signature/.test(text)
              ? 'token signature invalid'
              : /invalid algorithm/.test(text)
                ? 'token algorithm not allowed'
                : 'invalid token';
  return { message, claimed: true };
}
