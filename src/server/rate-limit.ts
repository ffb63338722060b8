import { createHmac } from 'node:crypto';
import type { MasterKeys } from '../io/secrets.js';
import type { Store } from '../store/database.js';
import { type SlotLimits, takeSlot } from '../store/rate-events.js';

/**
 * Hourly limits on what the public may send, counted in the database so that every server behind
 * one load balancer counts together and a restart forgets nothing. An address is counted by a
 * keyed hash (the key derived from the master key, shared by the servers), never as written.
 */
export function sharedLimit(store: Store, masterKeys: MasterKeys, scope: string, limits: Omit<SlotLimits, 'windowMs'> & { windowMs?: number }) {
  const secret = derivedSecret(masterKeys, `rate-limit:${scope}`);
  const full = { windowMs: 3_600_000, ...limits };
  return {
    /** True, and counted, when the address may do it once more now; false when over either limit. */
    take: (ip: string): Promise<boolean> => takeSlot(store.db, scope, createHmac('sha256', secret).update(limitKey(ip)).digest('hex'), full),
  };
}

/**
 * A secret for one purpose, the same in every server that holds the master key (a form token
 * signed by one server is accepted by another); a new master key makes a new one.
 */
export function derivedSecret(masterKeys: MasterKeys, purpose: string): Buffer {
  return createHmac('sha256', masterKeys.current.key).update(`recuento/${purpose}/v1`).digest();
}

/** The key an address is counted under: an IPv6 address by its /64 (one home or one phone has them all). */
export function limitKey(ip: string): string {
  if (!ip.includes(':') || ip.startsWith('::ffff:')) return ip;
  const full = ip.includes('::') ? expandV6(ip) : ip.split(':');
  return `${full.slice(0, 4).join(':')}::/64`;
}

function expandV6(ip: string): string[] {
  const [head, tail] = ip.split('::') as [string, string];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  return [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
}
