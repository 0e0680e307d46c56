import { useApi } from '../api/api-context';
import type { CauseGroup } from '../api/types';
import { useLoad } from '../api/use-load';
import { CauseGroupCard } from './CauseGroupCard';

/** The report by cause: one card per cause with its count, its records and its fix, largest first. */
export function CauseGroups({
  instanceId,
  refreshed,
  onResynced,
}: {
  instanceId: string;
  refreshed: number;
  onResynced: () => void;
}) {
  const api = useApi();
  const groups = useLoad(
    () =>
      api.get<{ items: CauseGroup[] }>(
        `/api/v1/report/groups?instance=${encodeURIComponent(instanceId)}&recordLimit=12`,
      ),
    [instanceId, refreshed],
  );
  return (
    <section aria-labelledby="causes-title" className="causes">
      <h2 id="causes-title">By cause</h2>
      {groups.error !== undefined && (
        <p role="alert" className="error">
          {groups.error}
        </p>
      )}
      {groups.data?.items.length === 0 && <p role="status">Every record is in step.</p>}
      {groups.data?.items.map((group) => (
        <CauseGroupCard
          key={group.key}
          instanceId={instanceId}
          group={group}
          onResynced={() => {
            groups.reload();
            onResynced();
          }}
        />
      ))}
    </section>
  );
}
