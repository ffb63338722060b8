/**
 * Evidence and verification (docs/VERIFICATION.md). Staff keep evidence — the file outside the
 * database, its SHA-256 inside, checked again whenever it is read — and link it to events,
 * detentions and persons; verifiers (named accounts) review it. Levels are derived, stored with
 * who and when, and every review goes into the transparency log.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { SubjectKind } from '../../../domain/verification/derive-level.js';
import { AppError } from '../../../shared/app-error.js';
import { evidenceOfActs, getEvidence, subjectFacts, subjectsAtLevels } from '../../../store/verification.js';
import { addEvidence, linkEvidence, reviewSubject, viewSubject } from '../../../usecases/verification.js';
import type { RouteDeps } from '../../app.js';
import { type Actor, doerOf, isAllowed } from '../../policies/index.js';
import { ERROR_RESPONSES, IdParamsSchema, orNotFound } from '../common.js';
import { withUpload } from '../upload.js';
import {
  AddedEvidenceSchema,
  EvidenceFieldsSchema,
  EvidenceSchema,
  LinkBodySchema,
  LinkedSchema,
  QueueQuerySchema,
  QueueSchema,
  ReviewBodySchema,
  ReviewedSchema,
  SubjectParamsSchema,
  SubjectViewSchema,
} from './schema.js';

export async function registerVerificationRoutes(app: FastifyInstance, { store, log, evidenceFiles, spoolDir }: RouteDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  /**
   * An act in custody — its evidence (a medical examiner's report, photos of injuries), sources and
   * reviews — is for those who may open its account: never administrators or the local token.
   */
  const requireTestimonyReaderFor = async (actor: Actor, subject: SubjectKind | 'evidence', evidenceId?: string) => {
    const ofAct = subject === 'act' || (subject === 'evidence' && evidenceId !== undefined && (await evidenceOfActs(store.db, evidenceId)));
    if (ofAct && !isAllowed(actor, 'testimonies.read')) throw new AppError('forbidden', 'acts in custody need testimonies.read');
  };
  const tags = ['verification'];
  const security = [{ admin: [] }];

  r.post(
    '/api/evidence',
    {
      config: { policy: 'evidence.write' },
      schema: {
        summary: 'Keep an item of evidence (multipart: file, kind, title, optional sourceId); the same file twice is one item',
        tags,
        security,
        consumes: ['multipart/form-data'],
        response: { 201: AddedEvidenceSchema, 200: AddedEvidenceSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) =>
      withUpload(request, spoolDir, ['kind', 'title', 'sourceId'], async (path, fields, file) => {
        const parsed = EvidenceFieldsSchema.safeParse(fields);
        if (!parsed.success) {
          throw new AppError('validation_failed', 'bad evidence fields', {
            details: parsed.error.issues.map((i) => ({ path: i.path.join('.'), reason: i.message })),
          });
        }
        const { kind, title, sourceId } = parsed.data;
        const result = await addEvidence(store.db, evidenceFiles, {
          path,
          kind,
          title,
          mediaType: file.mimetype,
          sourceId: sourceId ?? null,
          doer: doerOf(request.actor),
        });
        return reply.status(result.created ? 201 : 200).send(result);
      }),
  );
  r.get(
    '/api/evidence/:id',
    {
      config: { policy: 'evidence.read' },
      schema: {
        summary: 'An item of evidence: kind, title, SHA-256, who kept it and when',
        tags,
        security,
        params: IdParamsSchema,
        response: { 200: EvidenceSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      await requireTestimonyReaderFor(request.actor, 'evidence', request.params.id);
      return orNotFound(await getEvidence(store.db, request.params.id), 'evidence');
    },
  );
  r.get(
    '/api/evidence/:id/content',
    {
      config: { policy: 'evidence.read' },
      schema: { summary: 'The evidence file, served only if it still has its SHA-256', tags, security, params: IdParamsSchema },
    },
    async (request, reply) => {
      await requireTestimonyReaderFor(request.actor, 'evidence', request.params.id);
      const evidence = orNotFound(await getEvidence(store.db, request.params.id), 'evidence');
      const stream = await evidenceFiles.open(evidence.sha256);
      return reply
        .type(evidence.mediaType)
        .header('content-disposition', `attachment; filename="${evidence.sha256}"`)
        .header('x-content-sha256', evidence.sha256)
        .send(stream);
    },
  );
  r.post(
    '/api/verification/:kind/:id/evidence',
    {
      config: { policy: 'evidence.write' },
      schema: {
        summary: 'Link an item of evidence to an event, detention, person or act',
        tags,
        security,
        params: SubjectParamsSchema,
        body: LinkBodySchema,
        response: { 200: LinkedSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      await requireTestimonyReaderFor(request.actor, request.params.kind);
      await requireTestimonyReaderFor(request.actor, 'evidence', request.body.evidenceId);
      return linkEvidence(store.db, { evidenceId: request.body.evidenceId, kind: request.params.kind, id: request.params.id, doer: doerOf(request.actor) });
    },
  );
  r.get(
    '/api/verification/:kind/:id',
    {
      config: { policy: 'verification.read' },
      schema: {
        summary: "A subject's level, what it rests on, the reviews and the history of its level",
        tags,
        security,
        params: SubjectParamsSchema,
        response: { 200: SubjectViewSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      await requireTestimonyReaderFor(request.actor, request.params.kind);
      const view = await viewSubject(store.db, request.params.kind, request.params.id);
      const about = (await subjectFacts(store.db, [{ kind: view.kind, id: view.id }])).get(`${view.kind}:${view.id}`);
      const names = new Map(view.reviews.map((r) => [r.reviewer, r.reviewerName]));
      return {
        kind: view.kind,
        id: view.id,
        personId: view.personId,
        subjectType: about?.type ?? null,
        subjectDate: about?.on ?? null,
        level: view.level,
        independentSources: view.derived.independentSources,
        confirmedBy: view.derived.confirmedBy.map((id) => names.get(id) ?? id),
        next: view.derived.next,
        evidence: view.evidence,
        sources: view.sources,
        reviews: view.reviews.map(({ reviewer: _, ...r }) => r),
        history: view.levels.map((l) => ({
          level: l.level as 'reported',
          previous: l.previous as 'reported' | null,
          independentSources: l.independentSources,
          cause: l.cause,
          changedBy: l.changedByName ?? 'local administrator',
          changedAt: l.changedAt,
          logIndex: l.logIndex,
        })),
      };
    },
  );
  r.post(
    '/api/verification/:kind/:id/reviews',
    {
      config: { policy: 'verification.review' },
      schema: {
        summary: 'A verifier confirms, disputes or refutes, citing the evidence reviewed; verified and refuted need two different verifiers',
        tags,
        security,
        params: SubjectParamsSchema,
        body: ReviewBodySchema,
        response: { 201: ReviewedSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      if (actor.kind !== 'account') throw new AppError('forbidden', 'review needs an account');
      await requireTestimonyReaderFor(actor, request.params.kind);
      const result = await reviewSubject(store.db, log, {
        kind: request.params.kind,
        id: request.params.id,
        verdict: request.body.verdict,
        evidenceIds: request.body.evidence,
        note: request.body.note ?? null,
        reviewer: { id: actor.id, name: actor.name },
      });
      return reply
        .status(201)
        .send({ level: result.level, previous: result.previous, next: result.derived.next, logIndex: result.logIndex, checkpoint: result.checkpoint });
    },
  );
  r.get(
    '/api/verification/queue',
    {
      config: { policy: 'verification.read' },
      schema: {
        summary: 'What waits for verifiers: subjects at the given levels (default corroborated and disputed), newest change first',
        tags,
        security,
        querystring: QueueQuerySchema,
        response: { 200: QueueSchema },
      },
    },
    async (request) =>
      (await subjectsAtLevels(store.db, request.query.level, request.query.limit))
        .filter((row) => row.subjectKind !== 'act' || isAllowed(request.actor, 'testimonies.read'))
        .map((row) => ({
          ...row,
          subjectKind: row.subjectKind as 'event',
          level: row.level as 'reported',
        })),
  );
}
