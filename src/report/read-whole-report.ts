import type { ReportRepository } from './create-report-repository.js';
import type { ReportEntry, ReportFilter } from './report-types.js';

/** Every row the filter matches, page after page (the report's own paging, 1000 rows a page). */
export async function readWholeReport(
  reports: Pick<ReportRepository, 'list'>,
  filter: Omit<ReportFilter, 'limit' | 'after'>,
): Promise<ReportEntry[]> {
  const entries: ReportEntry[] = [];
  let after: string | undefined;
  do {
    const page = await reports.list({ ...filter, limit: 1000, ...(after ? { after } : {}) });
    entries.push(...page.entries);
    after = page.next;
  } while (after !== undefined);
  return entries;
}
