/** Builds the program once when the CLI and browser tests need it and it is missing. */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export default function setup(): void {
  const root = join(import.meta.dirname, '..', '..');
  if (!existsSync(join(root, 'dist', 'cli', 'main.js')) || !existsSync(join(root, 'dist', 'web', 'index.html'))) {
    execSync('npm run build', { cwd: root, stdio: 'inherit' });
  }
}
