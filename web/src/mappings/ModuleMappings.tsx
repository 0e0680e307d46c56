import type { ConnectorDefinition, ConnectorModule } from '../api/types';
import { MappingTable } from './MappingTable';

/** A module's push and pull tables, with its warnings, notes and actions. */
export function ModuleMappings({
  module,
  definition,
}: {
  module: ConnectorModule;
  definition: ConnectorDefinition;
}) {
  const bss = `BSS ${module.label}`;
  const connectwise = `${definition.title} ${module.connectwise.label}`;
  return (
    <section className="card" aria-labelledby={`module-${module.name}`}>
      <h2 id={`module-${module.name}`}>
        {module.label} ⇄ {module.connectwise.label}
      </h2>
      <p className="hint">
        ConnectWise resource <code>{module.connectwise.resource}</code>
      </p>
      {module.warnings.map((warning) => (
        <p key={warning} className="warning">
          <strong>Warning:</strong> {warning}
        </p>
      ))}
      {module.notes.length > 0 && (
        <ul>
          {module.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      {module.push && (
        <>
          <MappingTable caption="Push" from={bss} to={connectwise} fields={module.push.fields} />
          {module.push.lines.map((lines) => (
            <MappingTable
              key={lines.as}
              caption={`Push — ${lines.as} (one per item)`}
              from={`${bss} item`}
              to={`${connectwise} line`}
              fields={lines.fields}
            />
          ))}
          {module.push.actions.length > 0 && (
            <ul>
              {module.push.actions.map((action) => (
                <li key={action}>{action}</li>
              ))}
            </ul>
          )}
        </>
      )}
      {module.pull && <MappingTable caption="Pull" from={connectwise} to={bss} fields={module.pull.fields} />}
    </section>
  );
}
