/**
 * `recuento serve` as a child process for the scripts that drive a browser (screenshots, benches):
 * resolves with its address once it prints it, and a stop that waits for it to close.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const BIN = join(import.meta.dirname, '..', 'bin', 'recuento.js');

export function serveRecuento(dataDir, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', dataDir], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /running at (http:\/\/\S+?)\/?\n/.exec(out);
      if (match) resolve({ url: match[1], stop: () => new Promise((done) => child.once('close', done).kill('SIGTERM')) });
    });
    child.on('close', (code) => reject(new Error(`serve exited with ${code}`)));
  });
}
