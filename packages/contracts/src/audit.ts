import { z } from 'zod';

/** Filters for the audit log search and CSV export; `before` is the keyset cursor (a sequence number). */
export const auditQuerySchema = z.strictObject({
  actor: z.string().trim().min(1).max(254).optional(),
  userId: z.uuid().optional(),
  action: z.string().trim().min(1).max(100).optional(),
  entityType: z.string().trim().min(1).max(100).optional(),
  entityId: z.string().trim().min(1).max(200).optional(),
  requestId: z.string().trim().min(1).max(128).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditEntrySchema = z.object({
  id: z.string(),
  seq: z.number().int().nullable(),
  createdAt: z.string(),
  userId: z.string().nullable(),
  actor: z.string(),
  actorRole: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  ipAddress: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
  hash: z.string().nullable(),
  prevHash: z.string().nullable(),
});
export type AuditEntryView = z.infer<typeof auditEntrySchema>;

export const auditPageSchema = z.object({ items: z.array(auditEntrySchema), nextBefore: z.number().int().nullable() });
export type AuditPage = z.infer<typeof auditPageSchema>;

export const auditBreakReasonSchema = z.enum(['hash-mismatch', 'prev-hash-mismatch', 'sequence-gap', 'unchained-entry', 'head-mismatch']);

/** The result of recomputing the audit hash chain. */
export const auditChainReportSchema = z.object({
  intact: z.boolean(),
  checked: z.number().int(),
  lastSeq: z.number().int(),
  lastHash: z.string(),
  firstBroken: z.object({ seq: z.number().int().nullable(), id: z.string().nullable(), reason: auditBreakReasonSchema, detail: z.string() }).nullable(),
  verifiedAt: z.string(),
  ms: z.number(),
});
export type AuditChainReport = z.infer<typeof auditChainReportSchema>;
