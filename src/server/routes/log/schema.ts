/** Schemas of the transparency log API: checkpoints, proofs, entries, publications, witnesses, receipts. */
import { z } from 'zod';
import { PERSON_STATUSES } from '../../../domain/registry/vocabulary.js';
import { ReceiptSchema } from '../../../domain/translog/audit.js';

const Count = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const Base64Hash = z.string().describe('base64 of a 32-byte SHA-256 hash');

export const CheckpointParamsSchema = z.object({ size: Count });
export const InclusionQuerySchema = z.object({
  index: Count.describe('the entry'),
  size: Count.optional().describe('the tree size of the checkpoint to prove against (default: the newest)'),
});
export const InclusionProofSchema = z.object({ index: z.number().int(), size: z.number().int(), leafHash: Base64Hash, proof: z.array(Base64Hash) });
export const ConsistencyQuerySchema = z.object({ from: Count, to: Count.optional().describe('default: the newest size') });
export const ConsistencyProofSchema = z.object({ from: z.number().int(), to: z.number().int(), proof: z.array(Base64Hash) });
export const EntriesQuerySchema = z.object({ start: Count, end: Count.optional().describe('exclusive; at most 1000 entries per request') });
export const EntriesSchema = z.object({
  size: z.number().int(),
  entries: z.array(
    z.object({
      index: z.number().int(),
      data: z.string().describe('the entry exactly as hashed: SHA-256(0x00 ‖ UTF-8 bytes of data) is its leaf hash'),
      leafHash: z.string().describe('hex'),
    }),
  ),
});
export const PublicationSchema = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  firstIndex: z.number().int(),
  entries: z.number().int(),
  createdAt: z.string(),
});
export const ListPublicationBodySchema = z.object({
  title: z.string().trim().min(1).max(200),
  statuses: z
    .array(z.enum(PERSON_STATUSES))
    .min(1)
    .default(['released', 'released_with_measures'])
    .describe('whose list: persons with any of these statuses (default: released, with or without measures)'),
  minLevel: z.enum(['reported', 'corroborated', 'verified']).optional().describe('only persons whose status rests on an event at this level or better'),
  asOf: z.iso.date().optional(),
});
export const EligibilityPublicationBodySchema = z.object({ run: z.uuid() });
export const PublishedSchema = z.object({
  publication: z.string(),
  firstIndex: z.number().int(),
  size: z.number().int(),
  checkpoint: z.string(),
  named: z.number().int().optional(),
  committed: z.number().int().optional(),
});
export const WitnessBodySchema = z.object({ key: z.string().min(1).max(500).describe('the witness verifier key: name+id+base64(0x04 ‖ Ed25519 key)') });
export const WitnessSchema = z.object({ name: z.string(), key: z.string(), addedAt: z.string() });
export const CosignedSchema = z.object({ size: z.number().int(), accepted: z.array(z.string()) });
export const ReceiptsSchema = z.array(ReceiptSchema);
