import { describe, expect, it } from 'vitest';
import { readEnvironment } from './environment.js';

describe('readEnvironment', () => {
  it('applies defaults: loopback, ./data, the embedded database', () => {
    const env = readEnvironment({});
    expect(env).toMatchObject({ RECUENTO_HOST: '127.0.0.1', RECUENTO_DATA: './data' });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PORT).toBeUndefined();
  });

  it('lists every bad variable at once, by name', () => {
    expect(() => readEnvironment({ PORT: 'eighty', DATABASE_URL: 'mysql://x', RECUENTO_LOG_LEVEL: 'loud' })).toThrow(
      expect.objectContaining({
        code: 'validation_failed',
        details: expect.arrayContaining([
          expect.objectContaining({ path: 'PORT' }),
          { path: 'DATABASE_URL', reason: 'must start with postgres:// or postgresql://' },
          expect.objectContaining({ path: 'RECUENTO_LOG_LEVEL' }),
        ]),
      }),
    );
  });
});
