import { ContinueTokenError, decodeContinue } from '@strata/apimachinery';
import { StorageError, StorageErrorCode, type ListOptions } from '@strata/storage';
import { parseResourceVersion } from './resource-version';

/** How one list reads etcd, derived from the request like k8s.io/apiserver storage.ValidateListOptions. */
export interface ListPlan {
  /** Revision to read every page at; 0 = the latest (fixed after the first page). */
  readonly withRev: number;
  /** Minimum revision the answer must reach (NotOlderThan semantics); 0 = none. */
  readonly minRev: number;
  /** First key to read, relative to the prefix ("" = from the start). */
  readonly startRelative: string;
  /** Page size (0 = everything). */
  readonly limit: number;
  /** A serializable read is good enough (resourceVersion "0"). */
  readonly serializable: boolean;
  /** The request carried a continue token (changes the 410 message). */
  readonly continuing: boolean;
}

function invalid(message: string): StorageError {
  return new StorageError(StorageErrorCode.InvalidArgument, message);
}

/**
 * Validates list options with kube's messages and plans the read. Rejects InvalidArgument for a
 * resourceVersionMatch without resourceVersion, with continue, an unknown match, Exact with "0", a
 * resourceVersion other than "0" with continue, a bad limit or an undecodable continue token.
 */
export function planList(opts: ListOptions): ListPlan {
  const rv = opts.resourceVersion ?? '';
  const match = opts.resourceVersionMatch ?? '';
  const cont = opts.continueToken ?? '';
  const limit = opts.limit ?? 0;
  if (!Number.isSafeInteger(limit) || limit < 0) throw invalid(`limit: Invalid value: ${limit}: must be a non-negative integer`);
  if (match !== '') {
    const errs: string[] = [];
    if (rv === '') errs.push('resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided');
    if (cont !== '') errs.push('resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden when continue is provided');
    if (match !== 'Exact' && match !== 'NotOlderThan') {
      errs.push(`resourceVersionMatch: Unsupported value: "${String(match)}": supported values: "Exact", "NotOlderThan", ""`);
    }
    if (match === 'Exact' && rv === '0') errs.push('resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"');
    if (errs.length === 1) throw invalid(errs[0]);
    if (errs.length > 1) throw invalid(`[${errs.join(', ')}]`);
  }
  if (cont !== '') {
    let decoded: { rv: number; start: string };
    try {
      decoded = decodeContinue(cont);
    } catch (err) {
      if (err instanceof ContinueTokenError) throw invalid(`invalid continue token: ${err.message}`);
      throw err;
    }
    if (rv !== '' && rv !== '0') throw invalid('specifying resource version is not allowed when using continue');
    return {
      withRev: decoded.rv > 0 ? decoded.rv : 0,
      minRev: 0,
      startRelative: decoded.start,
      limit,
      serializable: false,
      continuing: true,
    };
  }
  const fromRV = parseResourceVersion(rv);
  let withRev = 0;
  if (match === 'Exact') withRev = fromRV;
  else if (match === '' && limit > 0 && fromRV > 0) withRev = fromRV;
  return { withRev, minRev: fromRV, startRelative: '', limit, serializable: rv === '0', continuing: false };
}
