import { ValidationError } from './errors';

/** The deepest nesting of arrays and objects a JSON body may have. */
export const MAX_BODY_DEPTH = 32;

/**
 * What every string the gateway accepts must be, decided once at the edge so that no feature has
 * to remember: no NUL character (PostgreSQL text cannot hold it) and well-formed UTF-16 (no lone
 * surrogate: jsonb and every client's JSON parser reject them). Bodies are also at most
 * MAX_BODY_DEPTH deep (deeper ones would exhaust the stack of the validators).
 * Returns the problems found, by path, empty when the input is acceptable.
 */
export function inputProblems(value: unknown, root: string, maxDepth = MAX_BODY_DEPTH): Record<string, string[]> {
  const problems: Record<string, string[]> = {};
  const add = (path: string, why: string) => (problems[path] ??= []).push(why);
  // Iterative, so that a hostile depth cannot overflow the stack here either.
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  while (stack.length && Object.keys(problems).length < 20) {
    const { value: v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const why = stringProblem(v);
      if (why) add(path, why);
    } else if (v !== null && typeof v === 'object') {
      if (depth >= maxDepth) {
        add(path, `nested deeper than ${maxDepth} levels`);
        continue;
      }
      for (const [k, child] of Object.entries(v)) {
        const childPath = Array.isArray(v) ? `${path}[${k}]` : path ? `${path}.${k}` : k;
        const keyWhy = Array.isArray(v) ? undefined : stringProblem(k);
        if (keyWhy) add(childPath, `field name ${keyWhy}`);
        else stack.push({ value: child, path: childPath, depth: depth + 1 });
      }
    }
  }
  return problems;
}

const LONE_SURROGATE = /\p{Surrogate}/u;

function stringProblem(s: string): string | undefined {
  if (s.includes('\u0000')) return 'must not contain the NUL character';
  // With the u flag a valid surrogate pair is one code point, so only lone halves match.
  if (LONE_SURROGATE.test(s)) return 'must be well-formed Unicode (no lone surrogate)';
  return undefined;
}

/** Throws 400 validation_error when any part of the request breaks the rules above. */
export function assertAcceptableInput(parts: { params?: unknown; query?: unknown; body?: unknown }): void {
  const problems = {
    ...inputProblems(parts.params, 'path', 2),
    ...inputProblems(parts.query, 'query', 3),
    ...inputProblems(parts.body, ''),
  };
  const fields = Object.keys(problems);
  if (fields.length) {
    // Body fields are named by their path; a top-level problem of the body names "body".
    const details = Object.fromEntries(fields.map((f) => [f || 'body', problems[f]]));
    throw new ValidationError('request is invalid', details);
  }
}
