import { spawn } from 'node:child_process';
import autocannon from 'autocannon';

const env = { ...process.env, RECUENTO_LOG_LEVEL: 'warn', RECUENTO_TRUST_PROXY: '1', DATABASE_URL: 'postgres://postgres@127.0.0.1:55432/scale100k' };
const child = spawn(
  process.execPath,
  ['--cpu-prof', '--cpu-prof-dir=/tmp/prof', 'bin/recuento.js', 'serve', '--port', '0', '--no-demo', '--data', '/tmp/scale1'],
  { env, stdio: ['ignore', 'pipe', 'inherit'] },
);
let out = '';
const url = await new Promise((resolve) =>
  child.stdout.on('data', (d) => {
    out += d;
    const m = /running at (http:\/\/\S+?)\/?\n/.exec(out);
    if (m) resolve(m[1]);
  }),
);
const path = process.argv[2] ?? '/api/persons?limit=50&status=detained';
const r = await autocannon({
  url: url + path,
  connections: 10,
  duration: 5,
  requests: [
    {
      setupRequest: (q) => ({
        ...q,
        headers: { ...q.headers, 'x-forwarded-for': `10.1.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` },
      }),
    },
  ],
});
console.log(Math.round(r.requests.average), 'req/s', r.latency.p99, 'p99', r.non2xx, 'non2xx');
child.kill('SIGINT');
await new Promise((r) => child.on('close', r));
