import { ResolveButtons } from './ResolveButtons';
import { kindLabels, type Reconciliation } from './reconcile-types';

const show = (value: unknown) => (value === null || value === undefined ? '—' : JSON.stringify(value));

/** Every drifted record, field by field: the mapped BSS value, ConnectWise's, the last synced, and its fixes. */
export function DriftRecords({ result, resolvePath }: { result: Reconciliation; resolvePath: string }) {
  return (
    <section aria-labelledby="drift-records-title">
      <h2 id="drift-records-title">Drifted records</h2>
      <div className="table-scroll">
        <table>
          <caption>Each drifted field: the BSS side mapped as the push writes it, and ConnectWise's</caption>
          <thead>
            <tr>
              <th scope="col">Record</th>
              <th scope="col">Field</th>
              <th scope="col">Drift</th>
              <th scope="col">BSS (mapped)</th>
              <th scope="col">ConnectWise</th>
              <th scope="col">Last synced</th>
            </tr>
          </thead>
          <tbody>
            {result.drift.map((record) => {
              const rows = record.missing
                ? [
                    {
                      field: '',
                      kind: `missing-in-${record.missing}` as const,
                      bss: null,
                      connectwise: null,
                      lastSynced: null,
                    },
                  ]
                : record.fields;
              return rows.map((field, index) => (
                <tr key={`${record.module}-${record.recordId}-${field.field}`} className="differs">
                  {index === 0 && (
                    <th scope="row" rowSpan={rows.length} className="wrap">
                      {record.module} {record.recordId}
                      <span className="hint"> (ConnectWise #{record.connectwiseId})</span>
                      <ResolveButtons
                        resolvePath={resolvePath}
                        target={{ records: [{ module: record.module, recordId: record.recordId }] }}
                        subject={`${record.module} ${record.recordId}`}
                        canPush={record.canPush}
                        canPull={record.canPull}
                      />
                    </th>
                  )}
                  <td>{field.field === '' ? '—' : <code>{field.field}</code>}</td>
                  <td>{kindLabels[field.kind]}</td>
                  <td className="wrap">
                    <code>{show(field.bss)}</code>
                  </td>
                  <td className="wrap">
                    <code>{show(field.connectwise)}</code>
                  </td>
                  <td className="wrap">
                    <code>{show(field.lastSynced)}</code>
                  </td>
                </tr>
              ));
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
