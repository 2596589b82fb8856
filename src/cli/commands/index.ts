/**
 * The subcommands of `gaitscope`. Adding one is one file in this folder exporting a
 * CommandModule, plus one line in COMMANDS.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { analyzeCommand } from './analyze.ts';
import { postureCommand } from './posture.ts';

/** A subcommand: registers itself on the program; its action throws CliError for user errors. */
export interface CommandModule {
  name: string;
  register(program: Command, ctx: CliContext): void;
}

/** Every subcommand, in help order. */
export const COMMANDS: readonly CommandModule[] = [analyzeCommand, postureCommand];
