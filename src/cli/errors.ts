/**
 * Errors the CLI reports as one line on standard error with an exit status
 * (formats.md §3): 1 analysis impossible, 2 bad arguments or unreadable input.
 */

/** Exit statuses of the `gaitscope` command. */
export const EXIT = Object.freeze({ ok: 0, impossible: 1, usage: 2 });

/** A user-facing failure: printed as `gaitscope: <message>` (no stack trace), then exit `exitCode`. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(exitCode: number, message: string) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** Bad arguments or unreadable/malformed input: exit 2. The message names the file and the problem. */
export const inputError = (message: string) => new CliError(EXIT.usage, message);

/** Analysis impossible (no person, too few steps): exit 1. */
export const impossibleError = (message: string) => new CliError(EXIT.impossible, message);
