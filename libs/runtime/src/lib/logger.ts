import pino from 'pino';
import type { Logger as PinoLogger, LevelWithSilent } from 'pino';

/** The structured logger every Strata component uses (pino). */
export type Logger = PinoLogger;

/** Log levels accepted by {@link createLogger}. */
export type LogLevel = LevelWithSilent;

const LEVELS: readonly string[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** True when `value` names a pino level. */
export function isLogLevel(value: string): value is LogLevel {
  return LEVELS.includes(value);
}

/**
 * Creates a JSON logger that writes one event per line to stderr (stdout stays free for a program's real output).
 * Writes are synchronous so that the last events before an exit are never lost. `level` defaults to the
 * LOG_LEVEL environment variable, then "info"; an unknown level throws.
 */
export function createLogger(name: string, level?: string): Logger {
  const chosen = level ?? process.env['LOG_LEVEL'] ?? 'info';
  if (!isLogLevel(chosen)) throw new Error(`unknown log level "${chosen}" (want one of ${LEVELS.join(', ')})`);
  return pino(
    { name, level: chosen, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } },
    pino.destination({ dest: 2, sync: true }),
  );
}
