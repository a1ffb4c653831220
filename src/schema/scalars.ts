/**
 * The contract's scalars. Decimal: a decimal string, never a float, passed through digit for digit.
 * DateTime: ISO-8601 UTC with milliseconds outside, epoch ms inside.
 */
import { Kind } from 'graphql';
import { builder } from './builder.js';
import { BadUserInputError } from './errors.js';

/** What the gateway accepts as a decimal: the exchange's own rule (no sign, no exponent). */
export const decimalPattern = /^\d{1,20}(\.\d{1,20})?$/;

function parseDecimal(value: unknown): string {
  if (typeof value !== 'string' || !decimalPattern.test(value)) {
    throw new BadUserInputError(
      `Decimal must be a string of digits with an optional fraction, such as "0.015"; got ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

// ISO-8601 with a time zone designator; Date.parse alone would accept "2024" or local times.
const isoPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function parseDateTime(value: unknown): number {
  const ms = typeof value === 'string' && isoPattern.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new BadUserInputError(`DateTime must be ISO-8601 in UTC, such as "2024-03-01T12:00:00.000Z"; got ${JSON.stringify(value)}.`);
  }
  return ms;
}

builder.scalarType('Decimal', {
  description:
    'A decimal number carried as a string, digit for digit as the exchange sends it\n("64123.45000000"). Prices, quantities and volumes are never floats.',
  serialize: (value) => value,
  parseValue: parseDecimal,
  parseLiteral: (ast) => parseDecimal(ast.kind === Kind.STRING ? ast.value : undefined),
});

builder.scalarType('DateTime', {
  description: 'An instant in UTC, ISO-8601 with milliseconds: 2024-03-01T12:00:00.000Z.',
  serialize: (value) => new Date(value).toISOString(),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});
