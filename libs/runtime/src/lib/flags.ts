import { InvalidArgumentError, Option } from 'commander';

/**
 * A commander option whose value falls back to the environment variable `env` (commander's own precedence:
 * command line, then environment, then default). Every Strata flag is built with this, so each can be set either way.
 */
export function envOption<T>(
  flags: string,
  description: string,
  env: string,
  parse?: (value: string) => T,
  defaultValue?: T,
): Option {
  const option = new Option(flags, description).env(env);
  if (parse) option.argParser((value: string) => parse(value));
  if (defaultValue !== undefined) option.default(defaultValue);
  return option;
}

/** Parses a comma-separated list, dropping empty entries; throws InvalidArgumentError when nothing is left. */
export function parseList(value: string): string[] {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length === 0) throw new InvalidArgumentError('expected a comma-separated list');
  return items;
}

/** Parses a TCP port (0-65535); throws InvalidArgumentError otherwise. */
export function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < 0 || n > 65535) {
    throw new InvalidArgumentError(`"${value}" is not a port number`);
  }
  return n;
}

/** Parses a positive duration in seconds (fractions allowed); throws InvalidArgumentError otherwise. */
export function parseSeconds(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`"${value}" is not a positive number of seconds`);
  return n;
}

/** Parses "true"/"false" (also 1/0, yes/no); throws InvalidArgumentError otherwise. */
export function parseBoolean(value: string): boolean {
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(v)) return true;
  if (['false', '0', 'no'].includes(v)) return false;
  throw new InvalidArgumentError(`"${value}" is not a boolean (true or false)`);
}

/** A parsed host:port. */
export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/** Parses "host:port" (IPv6 hosts in brackets, "[::1]:50051"); throws InvalidArgumentError otherwise. */
export function parseHostPort(value: string): HostPort {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(value.trim());
  if (!m) throw new InvalidArgumentError(`"${value}" is not host:port`);
  const host = m[1] ?? m[2] ?? '';
  return { host: host === '' ? '0.0.0.0' : host, port: parsePort(m[3] ?? '') };
}
