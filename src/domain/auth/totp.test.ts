import { describe, expect, it } from 'vitest';
import { hmacSha1 as hmac } from '../../test/crypto.js';
import { base32Decode, base32Encode, hotp, matchTotp, otpauthUri, totpStep } from './totp.js';

const RFC_SECRET = new TextEncoder().encode('12345678901234567890');

describe('HOTP and TOTP', () => {
  it('gives RFC 4226 appendix D values', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expect(expected.map((_, counter) => hotp(hmac, RFC_SECRET, counter))).toEqual(expected);
  });

  it('gives RFC 6238 appendix B values (SHA-1, 8 digits)', () => {
    const cases: [number, string][] = [
      [59, '94287082'],
      [1111111109, '07081804'],
      [1111111111, '14050471'],
      [1234567890, '89005924'],
      [2000000000, '69279037'],
      [20000000000, '65353130'],
    ];
    for (const [seconds, code] of cases) expect(hotp(hmac, RFC_SECRET, totpStep(seconds * 1000), 8)).toBe(code);
  });

  it('accepts the code of the step before and after, not two away', () => {
    const now = 1_800_000_000_000;
    const step = totpStep(now);
    expect(matchTotp(hmac, RFC_SECRET, hotp(hmac, RFC_SECRET, step), now, null)).toBe(step);
    expect(matchTotp(hmac, RFC_SECRET, hotp(hmac, RFC_SECRET, step - 1), now, null)).toBe(step - 1);
    expect(matchTotp(hmac, RFC_SECRET, hotp(hmac, RFC_SECRET, step + 1), now, null)).toBe(step + 1);
    expect(matchTotp(hmac, RFC_SECRET, hotp(hmac, RFC_SECRET, step - 2), now, null)).toBeUndefined();
    expect(matchTotp(hmac, RFC_SECRET, '12345', now, null)).toBeUndefined();
    expect(matchTotp(hmac, RFC_SECRET, 'abcdef', now, null)).toBeUndefined();
  });

  it('refuses a code used before (replay)', () => {
    const now = 1_800_000_000_000;
    const code = hotp(hmac, RFC_SECRET, totpStep(now));
    const used = matchTotp(hmac, RFC_SECRET, code, now, null)!;
    expect(matchTotp(hmac, RFC_SECRET, code, now + 5000, used)).toBeUndefined();
  });

  it('round-trips base32 and writes an otpauth URI authenticator apps read', () => {
    expect(base32Encode(RFC_SECRET)).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(base32Decode('gezd gnbv gy3t qojq gezd gnbv gy3t qojq')).toEqual(RFC_SECRET);
    expect(base32Decode('not base32!')).toBeUndefined();
    for (let n = 0; n < 25; n++) {
      const bytes = new Uint8Array(n).map((_, i) => (i * 37 + n) & 255);
      expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
    }
    expect(otpauthUri('Recuento', 'ana maría', RFC_SECRET)).toBe(
      'otpauth://totp/Recuento:ana%20mar%C3%ADa?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Recuento&algorithm=SHA1&digits=6&period=30',
    );
  });
});
