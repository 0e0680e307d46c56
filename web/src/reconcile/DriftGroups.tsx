import { ResolveButtons } from './ResolveButtons';
import { kindLabels, type Reconciliation } from './reconcile-types';

/** The same drift across records, one card per module, field and kind (or side missing), with its two fixes. */
export function DriftGroups({ result, resolvePath }: { result: Reconciliation; resolvePath: string }) {
  const byId = new Map(result.drift.map((record) => [`${record.module}\u0000${record.recordId}`, record]));
  return (
    <section aria-labelledby="drift-groups-title" className="causes">
      <h2 id="drift-groups-title">Drift by field</h2>
      {result.groups.map((group) => {
        const records = group.recordIds.map((id) => byId.get(`${group.module}\u0000${id}`));
        const what = `${group.module} ${group.field ?? ''} ${kindLabels[group.kind]}`.replace(/\s+/g, ' ');
        const shown = group.recordIds.slice(0, 12).join(', ');
        const more = group.recordIds.length - 12;
        return (
          <article key={group.key} className="card cause" aria-label={`${group.count} ${what}`}>
            <h3>
              <span className={`badge ${group.kind === 'both' ? 'conflict' : 'review'}`}>{group.count}</span>{' '}
              {group.module}
              {group.field !== undefined && (
                <>
                  {' '}
                  <code>{group.field}</code>
                </>
              )}
              : {kindLabels[group.kind]}
            </h3>
            <p className="hint">
              Records: {shown}
              {more > 0 && ` and ${more} more`}
            </p>
            <ResolveButtons
              resolvePath={resolvePath}
              target={{ group: group.key }}
              subject={`${group.count} ${what}`}
              canPush={records.some((record) => record?.canPush)}
              canPull={records.some((record) => record?.canPull)}
            />
          </article>
        );
      })}
    </section>
  );
}
