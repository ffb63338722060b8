import { describe, expect, it } from 'vitest';
import { isAppError } from '../shared/app-error.js';
import { createLoadGate } from './load-gate.js';

const options = { concurrency: 2, queue: 1, waitMs: 200, perAddress: 2, retryAfterSeconds: 7 };

describe('the load gate', () => {
  it('lets a few run, one wait its turn, and tells the next to come back later', async () => {
    const gate = createLoadGate(options);
    const a = await gate.enter('10.0.0.1');
    const b = await gate.enter('10.0.0.2');
    const waiting = gate.enter('10.0.0.3');
    expect(gate.waiting).toBe(1);
    const refused = await gate.enter('10.0.0.4').catch((e: unknown) => e);
    expect(isAppError(refused, 'busy')).toBe(true);
    expect((refused as { retryAfterSeconds: number }).retryAfterSeconds).toBe(7);
    a();
    const c = await waiting; // admitted when a place was given back
    expect(gate.running).toBe(2);
    b();
    c();
    c(); // giving back twice gives back once
    expect(gate.running).toBe(0);
  });

  it('sends back one that waited too long, and frees its place in the queue', async () => {
    const gate = createLoadGate(options);
    await gate.enter('10.0.0.1');
    await gate.enter('10.0.0.2');
    const late = await gate.enter('10.0.0.3').catch((e: unknown) => e);
    expect(isAppError(late, 'busy')).toBe(true);
    expect(gate.waiting).toBe(0);
  });

  it('hands a place given back to the longest waiting, never to a newcomer', async () => {
    const gate = createLoadGate({ ...options, queue: 2 });
    const a = await gate.enter('10.0.0.1');
    await gate.enter('10.0.0.2');
    const order: string[] = [];
    const first = gate.enter('10.0.0.3').then((leave) => (order.push('waited'), leave));
    a();
    const newcomer = gate.enter('10.0.0.4').then((leave) => (order.push('newcomer'), leave));
    await first;
    expect(gate.running).toBe(2); // the waiter took the place; the newcomer waits
    expect(gate.waiting).toBe(1);
    (await first)();
    await newcomer;
    expect(order).toEqual(['waited', 'newcomer']);
  });

  it('takes out of the queue a caller who went away, and frees their share', async () => {
    const gate = createLoadGate(options);
    await gate.enter('10.0.0.1');
    await gate.enter('10.0.0.2');
    const gone = new AbortController();
    const waiting = gate.enter('10.0.0.7', gone.signal).catch((e: unknown) => e);
    expect(gate.waiting).toBe(1);
    gone.abort();
    expect(isAppError(await waiting, 'busy')).toBe(true);
    expect(gate.waiting).toBe(0);
    expect(gate.running).toBe(2);
  });

  it('lets one address hold only its share', async () => {
    const gate = createLoadGate(options);
    await gate.enter('10.0.0.9');
    const second = await gate.enter('10.0.0.9');
    const third = await gate.enter('10.0.0.9').catch((e: unknown) => e);
    expect(isAppError(third, 'too_many_requests')).toBe(true);
    second();
    expect(await gate.enter('10.0.0.9')).toBeTypeOf('function');
  });
});

describe('the load gate on the server', () => {
  it('gives every place back: after answers, and when a caller goes away while waiting', async () => {
    const { startTestServer } = await import('../test/server.js');
    const server = await startTestServer({ app: { loadGate: { concurrency: 1, queue: 4, perAddress: 10, waitMs: 20_000 } } });
    try {
      const gate = server.app.loadGate;
      for (let i = 0; i < 5; i++) expect((await server.get('/api/counts?by=status')).status).toBe(200);
      await expect.poll(() => gate.running).toBe(0); // given back as each response closes
      // the only place taken: a public request waits, then its caller goes away
      const held = await gate.enter('192.0.2.1');
      const caller = new AbortController();
      const request = server.get('/api/counts?by=facility', { signal: caller.signal }).catch(() => 'gone');
      await expect.poll(() => gate.waiting).toBe(1);
      caller.abort();
      expect(await request).toBe('gone');
      await expect.poll(() => gate.waiting).toBe(0);
      held();
      expect(gate.running).toBe(0); // the caller who left took no place with them
      expect((await server.get('/api/counts?by=facility')).status).toBe(200);
      await expect.poll(() => gate.running).toBe(0);
    } finally {
      await server.close();
    }
  });
});
