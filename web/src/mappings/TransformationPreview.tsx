import { useState, type FormEvent } from 'react';
import { useApi } from '../api/api-context';
import type { ConnectorModule, Page } from '../api/types';
import { useLoad } from '../api/use-load';
import { RecordComparison } from '../report/RecordComparison';

/** Pick a record of a pushed module: see the payload a push would send now (nothing is written). */
export function TransformationPreview({
  modules,
  instanceId,
}: {
  modules: ConnectorModule[];
  instanceId: string;
}) {
  const api = useApi();
  const pushed = modules.filter((module) => module.push !== null);
  const [moduleName, setModuleName] = useState(pushed[0]?.name ?? '');
  const [recordId, setRecordId] = useState('');
  const [picked, setPicked] = useState<{ module: string; recordId: string }>();
  const module = pushed.find((entry) => entry.name === moduleName);
  const records = useLoad(
    () =>
      module
        ? api.get<Page<{ id: string }>>(`/api/v1/${module.bssEntity}?limit=100`)
        : Promise.resolve({ items: [] }),
    [module?.bssEntity],
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    if (recordId.trim() !== '') setPicked({ module: moduleName, recordId: recordId.trim() });
  }

  return (
    <section className="card" aria-labelledby="preview-title">
      <h2 id="preview-title">Transformation preview</h2>
      <form className="filters" onSubmit={submit}>
        <div className="field">
          <label htmlFor="preview-module">Module</label>
          <select
            id="preview-module"
            value={moduleName}
            onChange={(event) => setModuleName(event.target.value)}
          >
            {pushed.map((entry) => (
              <option key={entry.name} value={entry.name}>
                {entry.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="preview-record">BSS record id</label>
          <input
            id="preview-record"
            list="preview-records"
            value={recordId}
            onChange={(event) => setRecordId(event.target.value)}
          />
          <datalist id="preview-records">
            {records.data?.items.map((record) => (
              <option key={record.id} value={record.id} />
            ))}
          </datalist>
        </div>
        <button type="submit">Preview</button>
      </form>
      {picked && (
        <RecordComparison instanceId={instanceId} module={picked.module} recordId={picked.recordId} />
      )}
    </section>
  );
}
