/**
 * The one place that reads process.env. Parsed with zod at start-up; every problem is
 * listed at once, naming the variable.
 */
import { z } from 'zod';
import { AppError } from '../shared/app-error.js';

const EnvironmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).optional(),
  RECUENTO_HOST: z.string().min(1).default('127.0.0.1'),
  RECUENTO_DATA: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /** The master key that opens sealed fields, instead of <data>/master.key (RECUENTO+MASTER+KEY+…). */
  RECUENTO_MASTER_KEY: z.string().min(1).optional(),
  /**
   * Behind reverse proxies that terminate HTTPS, how many (usually 1): their X-Forwarded-For
   * and X-Forwarded-Proto are believed for that many hops — the client's address (sign-in
   * throttling), HTTPS (the __Host- cookie, HSTS). 0, the default: nothing forwarded is believed.
   */
  RECUENTO_TRUST_PROXY: z.coerce.number().int('a whole number of proxies, such as 1').min(0).max(5).default(0),
  RECUENTO_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The transparency log's name (its checkpoints' origin line), used when its key is first created. */
  RECUENTO_LOG_ORIGIN: z
    .string()
    .regex(/^[^\s+]+$/, 'must have no spaces or "+" (a schema-less URL such as recuento.example.org/log)')
    .default('recuento.local/log'),
  RECUENTO_DEMO_PERSONS: z.coerce.number().int().min(0).max(1_000_000).default(400),
});

export type Environment = z.infer<typeof EnvironmentSchema>;

/** Reads and validates the environment. */
export function readEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvironmentSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new AppError('validation_failed', 'bad environment', {
      publicMessage: 'Some environment variables are not valid.',
      details: parsed.error.issues.map((i) => ({ path: i.path.join('.'), reason: i.message })),
    });
  }
  return parsed.data;
}
