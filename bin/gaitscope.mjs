#!/usr/bin/env node
// The `gaitscope` command: runs src/cli/main.ts under Node through tsx.
import { register } from 'tsx/esm/api';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

register();
const here = dirname(fileURLToPath(import.meta.url));
const { main } = await import(pathToFileURL(join(here, '..', 'src', 'cli', 'main.ts')).href);
process.exitCode = await main(process.argv.slice(2));
