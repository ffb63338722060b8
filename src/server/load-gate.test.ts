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
