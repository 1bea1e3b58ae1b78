import { readFile } from 'node:fs/promises';

/** A user of a static token file (the shape of Kubernetes' user.Info). */
export interface StaticTokenUser {
  readonly name: string;
  readonly uid: string;
  readonly groups: readonly string[];
}

/** Raised for a token file that cannot be used; `line` is 1-based. */
export class TokenFileError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'TokenFileError';
  }
}

/**
 * Parses kube-apiserver's --token-auth-file format: CSV lines `token,user,uid[,"group1,group2"]`. Blank lines and
 * lines starting with `#` are skipped. Throws {@link TokenFileError} for a line with fewer than 3 columns, an empty
 * token or user, or a duplicate token (ambiguous, so refused rather than picking one).
 */
export function parseTokenAuthFile(text: string): Map<string, StaticTokenUser> {
  const users = new Map<string, StaticTokenUser>();
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const cols = parseCsvLine(line, i + 1);
    if (cols.length < 3) {
      throw new TokenFileError(`line ${i + 1}: must have at least 3 columns (token, user name, user uid), found ${cols.length}`, i + 1);
    }
    const [token, name, uid, groups] = cols as [string, string, string, string | undefined];
    if (token === '' || name === '') throw new TokenFileError(`line ${i + 1}: token and user name must not be empty`, i + 1);
    if (users.has(token)) throw new TokenFileError(`line ${i + 1}: duplicate token`, i + 1);
    const groupList = (groups ?? '')
      .split(',')
      .map((g) => g.trim())
      .filter((g) => g !== '');
    users.set(token, { name, uid, groups: groupList });
  });
  return users;
}

/** Reads and parses a token file; rejects with the fs error or a {@link TokenFileError}. */
export async function loadTokenAuthFile(path: string): Promise<Map<string, StaticTokenUser>> {
  return parseTokenAuthFile(await readFile(path, 'utf8'));
}

/**
 * Renders one token-file line, quoting the groups column (the inverse of {@link parseTokenAuthFile}).
 * Throws when a value holds a quote or newline, which the format cannot carry safely.
 */
export function formatTokenAuthLine(token: string, user: StaticTokenUser): string {
  for (const v of [token, user.name, user.uid, ...user.groups]) {
    if (/["\r\n]/.test(v)) throw new TokenFileError(`value ${JSON.stringify(v)} cannot be written to a token file`);
  }
  const quote = (v: string) => (v.includes(',') ? `"${v}"` : v);
  return [token, quote(user.name), quote(user.uid), `"${user.groups.join(',')}"`].join(',');
}

function parseCsvLine(line: string, lineNo: number): string[] {
  const cols: string[] = [];
  let i = 0;
  for (;;) {
    while (line[i] === ' ') i++;
    let value = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) throw new TokenFileError(`line ${lineNo}: unterminated quote`, lineNo);
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += line[i++];
      }
      if (i < line.length && line[i] !== ',') throw new TokenFileError(`line ${lineNo}: extraneous text after a quoted field`, lineNo);
    } else {
      const end = line.indexOf(',', i);
      value = end === -1 ? line.slice(i) : line.slice(i, end);
      i = end === -1 ? line.length : end;
    }
    cols.push(value);
    if (i >= line.length) return cols;
    i++; // the comma
  }
}
