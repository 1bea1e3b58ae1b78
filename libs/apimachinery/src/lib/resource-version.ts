import type { FieldError } from './field-errors';
import { fieldErrorMessage, invalid } from './field-errors';

/**
 * A resourceVersion that is not a non-negative decimal integer. kube-apiserver turns this into a 400/422
 * depending on the verb, so the caller chooses the Status; `fieldError` is ready for newInvalid/newBadRequest.
 */
export class ResourceVersionParseError extends Error {
  readonly fieldError: FieldError;

  constructor(readonly resourceVersion: string, reason: string) {
    const fe = invalid('resourceVersion', resourceVersion, reason);
    super(fieldErrorMessage(fe));
    this.name = 'ResourceVersionParseError';
    this.fieldError = fe;
  }
}

/**
 * Parses a resourceVersion as kube's APIObjectVersioner does: '' / undefined / '0' → 0, a decimal integer
 * (leading zeros allowed, no sign) → its value.
 * @throws ResourceVersionParseError with kube's text, e.g.
 * `resourceVersion: Invalid value: "abc": strconv.ParseUint: parsing "abc": invalid syntax`, or
 * `... value out of range` beyond 2^53-1 (larger revisions cannot be represented exactly).
 */
export function parseResourceVersion(rv: string | undefined): number {
  if (rv === undefined || rv === '' || rv === '0') return 0;
  if (!/^[0-9]+$/.test(rv)) {
    throw new ResourceVersionParseError(rv, `strconv.ParseUint: parsing ${JSON.stringify(rv)}: invalid syntax`);
  }
  const n = Number(rv);
  if (!Number.isSafeInteger(n)) {
    throw new ResourceVersionParseError(rv, `strconv.ParseUint: parsing ${JSON.stringify(rv)}: value out of range`);
  }
  return n;
}

/** The wire form of a revision: its decimal string, the inverse of parseResourceVersion for n > 0. */
export function formatResourceVersion(rv: number): string {
  return String(rv);
}
