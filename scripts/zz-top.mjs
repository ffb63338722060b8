import { readdirSync, readFileSync } from 'node:fs';

const dir = '/tmp/prof';
const prof = JSON.parse(readFileSync(`${dir}/${readdirSync(dir)[0]}`, 'utf8'));
const self = new Map();
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const dt = new Map();
for (let i = 0; i < prof.samples.length; i++) dt.set(prof.samples[i], (dt.get(prof.samples[i]) ?? 0) + (prof.timeDeltas[i] ?? 0));
let total = 0;
for (const [id, t] of dt) {
  const n = byId.get(id);
  const f = n.callFrame;
  const key = `${f.functionName || '(anon)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber}`;
  self.set(key, (self.get(key) ?? 0) + t);
  total += t;
}
// inclusive by file
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const incl = new Map();
for (const [id, t] of dt) {
  const seen = new Set();
  let cur = id;
  while (cur !== undefined) {
    const f = byId.get(cur).callFrame;
    const key = f.url.includes('node_modules') ? f.url.split('node_modules/')[1].split('/')[0] : f.url.split('/').slice(-2).join('/');
    if (!seen.has(key)) {
      incl.set(key, (incl.get(key) ?? 0) + t);
      seen.add(key);
    }
    cur = parent.get(cur);
  }
}
console.log('self top:');
for (const [k, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(((100 * t) / total).toFixed(1).padStart(5), k);
console.log('inclusive by module:');
for (const [k, t] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(((100 * t) / total).toFixed(1).padStart(5), k);
