/**
 * Reading a password: from standard input when piped (--password-stdin: the whole input, less one
 * trailing newline), or typed at the terminal without echo, twice. Never from an argument, which
 * other users of the machine can see in the process list.
 */
import { stderr, stdin } from 'node:process';
import { AppError } from '../shared/app-error.js';

async function readAll(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    let typed = '';
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (data: Buffer) => {
      for (const char of data.toString('utf8')) {
        if (char === '\r' || char === '\n') return done();
        if (char === '\u0003') return done(new AppError('validation_failed', 'cancelled', { publicMessage: 'Cancelled.' }));
        if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('');
        else typed += char;
      }
    };
    stdin.on('data', onData);
  });
}

/** The new password, from stdin or asked twice at the terminal. */
export async function readNewPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin) return readAll();
  if (!stdin.isTTY) {
    throw new AppError('validation_failed', 'no terminal for a password', {
      publicMessage: 'No terminal to type the password at: pipe it in with --password-stdin.',
    });
  }
  const first = await promptHidden('New password (at least 12 characters; a few unrelated words): ');
  const second = await promptHidden('Again: ');
  if (first !== second) throw new AppError('validation_failed', 'passwords differ', { publicMessage: 'The two passwords differ; nothing was changed.' });
  return first;
}
