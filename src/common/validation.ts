import { ValidationPipe } from '@nestjs/common';
import { ValidateIf } from 'class-validator';
import type { ValidationError as ClassValidatorError } from 'class-validator';
import { ValidationError } from './errors';

/** Flattens nested class-validator errors to `{ "a.b": ["why", ...] }`. */
export function describeValidationErrors(errors: ClassValidatorError[], prefix = ''): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of errors) {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    if (e.constraints) out[path] = Object.values(e.constraints);
    if (e.children?.length) Object.assign(out, describeValidationErrors(e.children, path));
  }
  return out;
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    exceptionFactory: (errors) => new ValidationError('request is invalid', describeValidationErrors(errors)),
  });
}

/**
 * The field may be left out; unlike class-validator's IsOptional, `null` is not "left out" but a
 * value, checked by the field's rules (so `{"name": null}` is a 400, not a database error). Pass
 * `nullable: true` where null means something (e.g. "clear this filter").
 */
export function Optional(options: { nullable?: boolean } = {}): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined && !(options.nullable && value === null));
}
