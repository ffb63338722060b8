// API benchmark: requests/s and latency (p50, p99) of the list, search and counts
// endpoints with autocannon, against the real server over a database of N persons,
// and a bare Fastify route on the same machine as the ceiling.
//   node bench/api.mjs --data DIR [--database-url URL] [--seconds 10] [--connections 10]
// The database must already hold the persons (bench/run.sh seeds it).
import { spawn } from 'node:child_process';
import autocannon from 'autocannon';
import Fastify from 'fastify';

const argv = process.argv.slice(2);
const args = Object.fromEntries(argv.flatMap((arg, i) => (arg.startsWith('--') ? [[arg.slice(2), argv[i + 1]]] : [])));
const seconds = Number(args.seconds ?? 10);
const connections = Number(args.connections ?? 10);

function startServer() {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, RECUENTO_LOG_LEVEL: 'warn' };
    if (args['database-url']) env.DATABASE_URL = args['database-url'];
    else delete env.DATABASE_URL;
    const child = spawn(process.execPath, ['bin/recuento.js', 'serve', '--port', '0', '--no-demo', '--data', args.data], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /running at (http:\/\/\S+?)\/?\n/.exec(out);
      if (m) resolve({ url: m[1], child });
    });
    child.on('close', (code) => reject(new Error(`server exited ${code}`)));
  });
}

/** Waits until the server has worked through any queued requests (PGlite serves one query at a time). */
async function drain(url) {
  if (url) await fetch(`${url}/api/health`);
}

async function measure(name, options, serverUrl) {
  await drain(serverUrl);
  const started = performance.now();
  const first = await fetch(options.url, { method: options.method ?? 'GET', headers: options.headers, body: options.body });
  await first.arrayBuffer();
  const coldMs = Math.round(performance.now() - started);
  const result = await autocannon({ connections, duration: seconds, timeout: 120, ...options });
  await drain(serverUrl);
  const errors = result.errors + result.non2xx + result.timeouts;
  const row = { endpoint: name, cold_ms: coldMs, 'req/s': Math.round(result.requests.average), p50_ms: result.latency.p50, p99_ms: result.latency.p99, errors };
  console.log(JSON.stringify(row));
  return row;
}

const rows = [];
const bare = Fastify();
bare.get('/bare', async () => ({ ok: true }));
const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });
rows.push(await measure('bare Fastify route (ceiling)', { url: `${bareUrl}/bare` }));
await bare.close();

const { url, child } = await startServer();
const search = JSON.stringify({ q: 'maria jose perez', limit: 50 });
rows.push(await measure('GET /api/health', { url: `${url}/api/health` }, url));
rows.push(await measure('GET /api/persons?limit=50', { url: `${url}/api/persons?limit=50` }, url));
rows.push(await measure('GET /api/persons?status=detained&limit=50', { url: `${url}/api/persons?status=detained&limit=50` }, url));
rows.push(
  await measure(
    'POST /api/persons/search',
    {
      url: `${url}/api/persons/search`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: search,
    },
    url,
  ),
);
rows.push(await measure('GET /api/counts?by=status', { url: `${url}/api/counts?by=status` }, url));
rows.push(await measure('GET /api/counts?by=facility', { url: `${url}/api/counts?by=facility` }, url));
rows.push(await measure('GET /api/counts?by=month', { url: `${url}/api/counts?by=month&event=releases` }, url));
child.kill('SIGTERM');
console.log('\n| endpoint | first request ms | req/s | p50 ms | p99 ms | errors |\n|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.endpoint} | ${r.cold_ms} | ${r['req/s']} | ${r.p50_ms} | ${r.p99_ms} | ${r.errors} |`);
process.exit(0);
