/**
 * What every subcommand gets: where to write (so tests can run main() in-process) and
 * how to report progress. Standard output carries only the command's result.
 */

/** A text sink (process.stdout / process.stderr or a test buffer). */
export interface TextSink {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Shared context of a CLI run. */
export interface CliContext {
  stdout: TextSink;
  stderr: TextSink;
  /** Writes one line to standard error (warnings, progress). */
  log(line: string): void;
}

/** Builds a context over two sinks. */
export function makeContext(stdout: TextSink, stderr: TextSink): CliContext {
  return { stdout, stderr, log: (line) => void stderr.write(`${line}\n`) };
}
