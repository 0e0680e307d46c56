import type { JobQueue } from '../jobs/index.js';
import type { ReportRepository } from './create-report-repository.js';
import { pushJobKind } from './push-job-kind.js';

export interface ReviewedLink {
  instanceId: string;
  module: string;
  recordId: string;
  /** the ConnectWise record to link to; by default the one the review found */
  connectwiseId?: number;
}

/** Why a link cannot be queued: there is nothing under review, or not that record. */
export class ReviewedLinkError extends Error {
  constructor(
    readonly reason: 'not_under_review' | 'not_the_match',
    message: string,
  ) {
    super(message);
    this.name = 'ReviewedLinkError';
  }
}

/**
 * A person's "link it" for a match under review (a company found by name, its identifier another): queues the
 * record's push with the ConnectWise record to adopt, which links it and writes the BSS values over it (its
 * identifier among them). Returns the ConnectWise id it will be linked to.
 */
export async function queueReviewedLink(
  reports: Pick<ReportRepository, 'get'>,
  queue: Pick<JobQueue, 'enqueue'>,
  link: ReviewedLink,
): Promise<number> {
  const key = { instanceId: link.instanceId, module: link.module, recordId: link.recordId };
  const entry = await reports.get({ ...key, direction: 'push' });
  if (entry?.outcome !== 'review') {
    throw new ReviewedLinkError(
      'not_under_review',
      `${link.module} ${link.recordId} has no match under review on ${link.instanceId}; nothing to link`,
    );
  }
  const found = (entry.candidates ?? []).filter((id): id is number => typeof id === 'number');
  const connectwiseId = link.connectwiseId ?? found[0];
  if (connectwiseId === undefined || !found.includes(connectwiseId)) {
    throw new ReviewedLinkError(
      'not_the_match',
      `ConnectWise #${String(link.connectwiseId)} is not the record found for ${link.module} ${link.recordId}` +
        ` (found: ${found.map((id) => `#${id}`).join(', ') || 'none'})`,
    );
  }
  await queue.enqueue(
    { kind: pushJobKind, ...key, payload: { adopt: connectwiseId } },
    { ifWaiting: 'merge' },
  );
  return connectwiseId;
}
