/**
 * The `gaitscope` command line (formats.md §3). bin/gaitscope.mjs calls main() under tsx.
 * Result on standard output only; progress and warnings on standard error; exit 0 / 1 / 2.
 */
import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index.ts';
import { makeContext, type TextSink } from './context.ts';
import { CliError, EXIT } from './errors.ts';

/** Runs `gaitscope` with `argv` (without node and script); resolves to the exit status. */
export async function main(argv: string[], io: { stdout?: TextSink; stderr?: TextSink } = {}): Promise<number> {
  const ctx = makeContext(io.stdout ?? process.stdout, io.stderr ?? process.stderr);
  const program = new Command('gaitscope')
    .description('Gait analysis from a walking video or a pose track, offline.')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => void ctx.stdout.write(s),
      writeErr: (s) => void ctx.stderr.write(s),
      // One line per user error, prefixed like every other message of the command.
      outputError: (s, write) => write(`gaitscope: ${s.replace(/^error: /, '')}`),
    });
  for (const c of COMMANDS) c.register(program, ctx);
  if (argv.length === 0) {
    ctx.stderr.write(program.helpInformation());
    return EXIT.usage;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Commander has already printed its one-line message; help/version exit 0.
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof CliError) {
      ctx.log(`gaitscope: ${e.message}`);
      return e.exitCode;
    }
    // A bug, not a user error: keep the stack for the report.
    ctx.log(`gaitscope: internal error: ${(e as Error)?.stack ?? String(e)}`);
    return 70;
  }
}
