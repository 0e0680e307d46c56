import { useState, type FormEvent } from 'react';
import { useApi } from '../api/api-context';
import type { ConnectorDefinition, RecordStory } from '../api/types';
import { useLoad } from '../api/use-load';
import { StoryEvents } from './StoryEvents';

/** `#/history/<module>/<id>`: the record the page opens with. */
function recordInHash(): { module: string; recordId: string } | undefined {
  const [, module, ...rest] = window.location.hash.replace(/^#\/?/, '').split('/');
  const recordId = rest.join('/');
  return module && recordId ? { module, recordId: decodeURIComponent(recordId) } : undefined;
}

/** A record's story: every change the database still knows of, on both sides, newest first. */
export function HistoryPage({
  definition,
  instanceId,
}: {
  definition: ConnectorDefinition;
  instanceId: string | undefined;
}) {
  const api = useApi();
  const initial = recordInHash();
  const [module, setModule] = useState(initial?.module ?? definition.modules[0]?.name ?? '');
  const [recordId, setRecordId] = useState(initial?.recordId ?? '');
  const [shown, setShown] = useState(initial);
  const query = instanceId !== undefined ? `?instance=${encodeURIComponent(instanceId)}` : '';
  const story = useLoad(
    () =>
      shown
        ? api.get<RecordStory>(
            `/api/v1/records/${encodeURIComponent(shown.module)}/${encodeURIComponent(shown.recordId)}/history${query}`,
          )
        : Promise.resolve(undefined),
    [shown?.module, shown?.recordId, query],
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    if (recordId.trim() === '') return;
    setShown({ module, recordId: recordId.trim() });
    window.history.replaceState(null, '', `#/history/${module}/${encodeURIComponent(recordId.trim())}`);
  }

  return (
    <section aria-labelledby="history-title">
      <h1 id="history-title">Record history</h1>
      <form className="filters" onSubmit={submit}>
        <div className="field">
          <label htmlFor="history-module">Module</label>
          <select id="history-module" value={module} onChange={(event) => setModule(event.target.value)}>
            {definition.modules.map((entry) => (
              <option key={entry.name} value={entry.name}>
                {entry.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="history-record">Record id</label>
          <input id="history-record" value={recordId} onChange={(event) => setRecordId(event.target.value)} />
        </div>
        <button type="submit">Show history</button>
      </form>
      {story.error !== undefined && (
        <p role="alert" className="error">
          {story.error}
        </p>
      )}
      {story.data && shown && <StoryEvents story={story.data} />}
    </section>
  );
}
