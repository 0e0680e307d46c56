import type { Migration, MigrationProvider } from 'kysely';
import * as bssRecords from './0001-bss-records.js';
import * as webhooks from './0002-webhooks.js';
import * as connectorInstances from './0003-connector-instances.js';
import * as syncJobs from './0004-sync-jobs.js';
import * as connectorReport from './0005-connector-report.js';
import * as syncState from './0006-sync-state.js';
import * as mappingOverrides from './0007-instance-mapping-overrides.js';
import * as syncWaitsRun from './0008-sync-waits-run.js';
import * as syncJobsClaimOrder from './0009-sync-jobs-claim-order.js';
import * as syncCreateAttempts from './0010-sync-create-attempts.js';
import * as reportWarnings from './0011-report-warnings.js';
import * as reportReviews from './0012-report-reviews.js';
import * as retentionIndexes from './0013-retention-indexes.js';
import * as syncActivity from './0014-sync-activity.js';
import * as syncWaitsByWaiter from './0015-sync-waits-by-waiter.js';
import * as recordKeysCovering from './0016-record-keys-covering.js';
import * as syncJobsSupersedeFailed from './0017-sync-jobs-supersede-failed.js';

/**
 * Every migration, in order, for both dialects. Listed here rather than read from the folder so that they
 * work the same from TypeScript sources (tests) and from the compiled `dist/`. Add new ones at the end.
 */
export const migrations: Record<string, Migration> = {
  '0001-bss-records': bssRecords,
  '0002-webhooks': webhooks,
  '0003-connector-instances': connectorInstances,
  '0004-sync-jobs': syncJobs,
  '0005-connector-report': connectorReport,
  '0006-sync-state': syncState,
  '0007-instance-mapping-overrides': mappingOverrides,
  '0008-sync-waits-run': syncWaitsRun,
  '0009-sync-jobs-claim-order': syncJobsClaimOrder,
  '0010-sync-create-attempts': syncCreateAttempts,
  '0011-report-warnings': reportWarnings,
  '0012-report-reviews': reportReviews,
  '0013-retention-indexes': retentionIndexes,
  '0014-sync-activity': syncActivity,
  '0015-sync-waits-by-waiter': syncWaitsByWaiter,
  '0016-record-keys-covering': recordKeysCovering,
  '0017-sync-jobs-supersede-failed': syncJobsSupersedeFailed,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
