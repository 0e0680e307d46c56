import { sumOf, type Sample } from '../api/prometheus';
import type { ConnectorDefinition, Instance } from '../api/types';

/** Per module of one instance: records in step (linked), failed, waiting, and needing a decision. */
export function ModuleStatus({
  instance,
  definition,
  samples,
}: {
  instance: Instance;
  definition: ConnectorDefinition;
  samples: Sample[];
}) {
  const notInStep = (module: string, outcome: string) =>
    sumOf(samples, 'cwsync_records_not_in_step', { instance: instance.id, module, outcome });
  const calls = sumOf(samples, 'cwsync_connectwise_requests_total', { instance: instance.id });
  const throttled = sumOf(samples, 'cwsync_connectwise_rate_limited_total', { instance: instance.id });
  return (
    <section className="card" aria-labelledby={`status-${instance.id}`}>
      <h2 id={`status-${instance.id}`}>
        {instance.name} <span className="hint">({instance.id})</span>
        {!instance.enabled && <span className="badge failed">switched off</span>}
      </h2>
      <p className="calls">
        ConnectWise calls: <strong data-testid={`calls-${instance.id}`}>{calls}</strong> · 429 answers:{' '}
        <strong>{throttled}</strong>
      </p>
      <div className="table-scroll">
        <table>
          <caption className="visually-hidden">Records of {instance.name} by module</caption>
          <thead>
            <tr>
              <th scope="col">Module</th>
              <th scope="col">In step (linked)</th>
              <th scope="col">Failed</th>
              <th scope="col">Waiting</th>
              <th scope="col">Ambiguous or conflict</th>
            </tr>
          </thead>
          <tbody>
            {definition.modules.map((module) => {
              const failed = notInStep(module.name, 'failed');
              return (
                <tr key={module.name} data-module={module.name}>
                  <th scope="row">{module.label}</th>
                  <td>
                    {sumOf(samples, 'cwsync_linked_records', {
                      instance: instance.id,
                      entity: module.bssEntity,
                    })}
                  </td>
                  <td className={failed > 0 ? 'bad' : undefined}>{failed}</td>
                  <td>{notInStep(module.name, 'waiting')}</td>
                  <td>{notInStep(module.name, 'ambiguous') + notInStep(module.name, 'conflict')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
