#!/usr/bin/env node
// The recuento command. Runs the compiled program in dist/ (npm run build makes it).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const entry = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli', 'main.js');
if (!existsSync(entry)) {
  process.stderr.write('Recuento is not built yet: run "npm run build" in its folder first.\n');
  process.exit(1);
}
await import(entry);
