// The connector report (records not in step, and why) and the run log.
export {
  createReportRepository,
  type InStepClear,
  type RecordOutcomeOptions,
  type ReportRepository,
  type ReportRepositoryOptions,
} from './create-report-repository.js';
export { breakLink, type BrokenLink, type LinkToBreak } from './break-link.js';
export { queueReviewedLink, ReviewedLinkError, type ReviewedLink } from './link-reviewed.js';
export { describeOutcome, type OutcomeEffect } from './describe-outcome.js';
export type {
  ReportEntry,
  ReportFilter,
  ReportKey,
  ReportOutcome,
  ReportPage,
  RunCounts,
  RunStart,
  RunStatus,
  RunTrigger,
  SyncDirection,
  SyncRun,
} from './report-types.js';
export { pushJobKind } from './push-job-kind.js';
export {
  describeEntryMessage,
  formatCauseGroups,
  formatReportTable,
  formatRunsTable,
} from './format-report.js';
export {
  groupByCause,
  unmappedLookupOf,
  type CauseGroup,
  type UnmappedLookupValue,
} from './group-by-cause.js';
export { readWholeReport } from './read-whole-report.js';
export {
  activityRetentionMinutes,
  createActivityRepository,
  type ActivityCounts,
  type ActivityMinute,
  type ActivityRepository,
} from './create-activity-repository.js';
export { readRecordStory, storyLimits, type RecordStory, type StoryEvent } from './read-record-story.js';
