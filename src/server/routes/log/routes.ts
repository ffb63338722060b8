/**
 * The transparency log over HTTP (docs/TRANSPARENCY.md). Reading it — the newest checkpoint
 * with its witnesses' cosignatures, proofs, entries, publications, the verifier key — is open
 * to anyone and needs no account: that is the point. Witnesses post cosignatures, which
 * authenticate themselves by their signature. Publishing and families' receipts are staff's.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ReceiptSchema } from '../../../domain/translog/audit.js';
import { toBase64 } from '../../../domain/translog/signed-note.js';
import { readVerifierKeys } from '../../../io/log-keys.js';
import { AppError } from '../../../shared/app-error.js';
import { getPerson } from '../../../store/persons.js';
import { addWitness, listPublications, listWitnesses } from '../../../store/translog.js';
import { previewList, publishCounts, publishEligibilityRun, publishList, receiptByLookupCode, receiptsOfPerson } from '../../../usecases/publish.js';
import { type AppendResult, witnessKeyText } from '../../../usecases/transparency-log.js';
import type { RouteDeps } from '../../app.js';
import { actorLabel, isAllowed } from '../../policies/index.js';
import { ERROR_RESPONSES, IdParamsSchema, orNotFound } from '../common.js';
import {
  CheckpointParamsSchema,
  ConsistencyProofSchema,
  ConsistencyQuerySchema,
  CosignedSchema,
  EligibilityPublicationBodySchema,
  EntriesQuerySchema,
  EntriesSchema,
  InclusionProofSchema,
  InclusionQuerySchema,
  ListPublicationBodySchema,
  PublicationSchema,
  PublishedSchema,
  ReceiptsSchema,
  WitnessBodySchema,
  WitnessSchema,
} from './schema.js';

const MAX_ENTRIES = 1000;

/** What a publication answers: where its entries went and the checkpoint that now includes them. */
function published(result: AppendResult, counts: { named?: number; committed?: number } = {}) {
  return { publication: result.publicationId, firstIndex: result.firstIndex, size: result.size, checkpoint: result.checkpoint, ...counts };
}

export async function registerLogRoutes(app: FastifyInstance, { store, log }: RouteDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['log'];
  const security = [{ admin: [] }];
  const text = z.string();

  r.get(
    '/api/log/key',
    { config: { policy: 'log.read' }, schema: { summary: "The log's verifier key (C2SP signed-note vkey), as text", tags, response: { 200: text } } },
    async (_request, reply) => reply.type('text/plain; charset=utf-8').send(`${log.verifierKey}\n`),
  );
  r.get(
    '/api/log/checkpoint',
    {
      config: { policy: 'log.read' },
      schema: { summary: 'The newest checkpoint: a C2SP signed note, with the cosignatures of witnesses', tags, response: { 200: text, ...ERROR_RESPONSES } },
    },
    async (_request, reply) => {
      const { note } = await log.checkpoint();
      return reply.type('text/plain; charset=utf-8').header('cache-control', 'no-cache').send(note);
    },
  );
  r.get(
    '/api/log/checkpoints/:size',
    {
      config: { policy: 'log.read' },
      schema: {
        summary: 'The checkpoint signed at a tree size, with its cosignatures',
        tags,
        params: CheckpointParamsSchema,
        response: { 200: text, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { note } = await log.checkpoint(request.params.size);
      return reply.type('text/plain; charset=utf-8').send(note);
    },
  );
  r.get(
    '/api/log/proof/inclusion',
    {
      config: { policy: 'log.read' },
      schema: {
        summary: 'The audit path of an entry in the tree of a given size (RFC 9162 §2.1.3)',
        tags,
        querystring: InclusionQuerySchema,
        response: { 200: InclusionProofSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const size = request.query.size ?? (await log.size());
      const { leafHash, proof } = await log.inclusionProof(request.query.index, size);
      return { index: request.query.index, size, leafHash: toBase64(leafHash), proof: proof.map(toBase64) };
    },
  );
  r.get(
    '/api/log/proof/consistency',
    {
      config: { policy: 'log.read' },
      schema: {
        summary: 'The proof that a larger tree extends a smaller one (RFC 9162 §2.1.4)',
        tags,
        querystring: ConsistencyQuerySchema,
        response: { 200: ConsistencyProofSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const to = request.query.to ?? (await log.size());
      const proof = await log.consistencyProof(request.query.from, to);
      return { from: request.query.from, to, proof: proof.map(toBase64) };
    },
  );
  r.get(
    '/api/log/entries',
    {
      config: { policy: 'log.read' },
      schema: {
        summary: `Entries [start, end), at most ${MAX_ENTRIES}`,
        tags,
        querystring: EntriesQuerySchema,
        response: { 200: EntriesSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { start } = request.query;
      const end = Math.min(request.query.end ?? start + MAX_ENTRIES, start + MAX_ENTRIES);
      const entries = await log.entries(start, end);
      return { size: await log.size(), entries: entries.map((e) => ({ index: e.index, data: e.data, leafHash: e.leafHash })) };
    },
  );
  r.get(
    '/api/log/publications',
    {
      config: { policy: 'log.read' },
      schema: { summary: 'What was published into the log, newest first', tags, response: { 200: z.array(PublicationSchema) } },
    },
    async () => (await listPublications(store.db)).map(({ createdBy: _, ...p }) => p),
  );
  r.post(
    '/api/log/publications/list',
    {
      config: { policy: 'log.publish' },
      schema: {
        summary:
          'Publish the persons with given statuses as a list: named if their consent is public, a salted commitment if aggregate-only, left out if private',
        tags,
        security,
        body: ListPublicationBodySchema,
        response: { 201: PublishedSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { title, statuses, minLevel, asOf } = request.body;
      const result = await publishList(store.db, log, {
        title,
        statuses,
        minLevel,
        asOf: asOf ?? new Date().toISOString().slice(0, 10),
        createdBy: actorLabel(request.actor),
      });
      return reply.status(201).send(published(result, { named: result.named, committed: result.committed }));
    },
  );
  r.post(
    '/api/log/publications/list/preview',
    {
      config: { policy: 'log.publish' },
      schema: {
        summary:
          'What publishing a list would put in the log, writing nothing: how many by name (and the names), how many as commitments, how many private persons left out',
        tags,
        security,
        body: ListPublicationBodySchema.partial({ title: true }),
        response: {
          200: z.object({
            named: z.number().int(),
            committed: z.number().int(),
            leftOut: z.number().int(),
            names: z.array(z.string()).describe('the first 200 names'),
          }),
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request) => {
      const { statuses, minLevel, asOf } = request.body;
      return previewList(store.db, { statuses, minLevel, asOf: asOf ?? new Date().toISOString().slice(0, 10) });
    },
  );
  r.post(
    '/api/log/publications/eligibility',
    {
      config: { policy: 'log.publish' },
      schema: {
        summary: "Publish a stored eligibility run's results (no names: detention ids and outcomes)",
        tags,
        security,
        body: EligibilityPublicationBodySchema,
        response: { 201: PublishedSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const result = await publishEligibilityRun(store.db, log, request.body.run, actorLabel(request.actor));
      return reply.status(201).send(published(result));
    },
  );
  r.post(
    '/api/log/publications/counts',
    {
      config: { policy: 'log.publish' },
      schema: {
        summary: 'Publish the counts by status, one entry per status and verification level (persons who consented to be counted)',
        tags,
        security,
        body: z.object({ asOf: z.iso.date().optional() }).default({}),
        response: { 201: PublishedSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const result = await publishCounts(store.db, log, {
        asOf: request.body.asOf ?? new Date().toISOString().slice(0, 10),
        createdBy: actorLabel(request.actor),
      });
      return reply.status(201).send(published(result));
    },
  );
  r.post(
    '/api/log/receipts/lookup',
    {
      config: { policy: 'log.read', expensive: true },
      schema: {
        summary: "A family's receipt, opened by its look-up code (printed on the receipt and in its QR code), proved against the newest checkpoint",
        description:
          'Only the code opens a receipt: there is no search by name or cédula. Any code that opens nothing gets the same 404. Check what comes back yourself: the commitment, the inclusion proof and the checkpoint signature (docs/TRANSPARENCY.md).',
        tags,
        body: z.object({ code: z.string().max(80).describe('e.g. 1234-ABCD-EFGH-JKLM-NPQR-STUV-WXYZ (case, spaces and dashes do not matter)') }),
        response: { 200: ReceiptSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const receipt = await receiptByLookupCode(store.db, log, request.body.code);
      // it carries a name: kept by no cache
      return reply.header('cache-control', 'no-store').send(receipt);
    },
  );
  r.get(
    '/api/persons/:id/receipts',
    {
      config: { policy: 'log.receipts' },
      schema: {
        summary:
          "A person's receipts: for each commitment the log holds for them (lists, verification decisions, eligibility results), what proves it to their family",
        tags,
        security,
        params: IdParamsSchema,
        response: { 200: ReceiptsSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      orNotFound(await getPerson(store.db, request.params.id), 'person');
      // a review of an act in custody is receipted only to those who may read the act's evidence
      return receiptsOfPerson(store.db, log, request.params.id, { withActs: isAllowed(request.actor, 'testimonies.read') });
    },
  );
  r.get(
    '/api/log/witnesses',
    {
      config: { policy: 'log.read' },
      schema: { summary: 'The witnesses whose cosignatures this log accepts', tags, response: { 200: z.array(WitnessSchema) } },
    },
    async () => (await listWitnesses(store.db)).map(({ name, key, addedAt }) => ({ name, key, addedAt })),
  );
  r.post(
    '/api/log/witnesses',
    {
      config: { policy: 'log.witnesses' },
      schema: {
        summary: 'Accept cosignatures from a witness',
        tags,
        security,
        body: WitnessBodySchema,
        response: { 201: WitnessSchema, 200: WitnessSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const [key] = readVerifierKeys([request.body.key.trim()], 'witness', 'key');
      if (!key) throw new AppError('validation_failed', 'no witness key');
      const keyText = witnessKeyText(key);
      const added = await addWitness(store.db, { key: keyText, name: key.name, addedBy: actorLabel(request.actor) });
      const row = (await listWitnesses(store.db)).find((w) => w.key === keyText)!;
      return reply.status(added ? 201 : 200).send({ name: row.name, key: row.key, addedAt: row.addedAt });
    },
  );
  r.post(
    '/api/log/cosignatures',
    {
      config: { policy: 'log.cosign' },
      schema: {
        summary: "A witness's cosignature: the checkpoint note with the witness's signature line added (text/plain)",
        tags,
        body: z.string().max(100_000),
        response: { 200: CosignedSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => log.addCosignatures(request.body),
  );
}
