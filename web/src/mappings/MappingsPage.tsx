import type { ConnectorDefinition, Instance } from '../api/types';
import { InstanceCustomisations } from './InstanceCustomisations';
import { ModuleMappings } from './ModuleMappings';
import { TransformationPreview } from './TransformationPreview';

/** The connector's mapping tables (from the definition, as docs/connectwise-connector.md) and a preview. */
export function MappingsPage({
  definition,
  instance,
}: {
  definition: ConnectorDefinition;
  instance: Instance | undefined;
}) {
  const instanceId = instance?.id;
  return (
    <section aria-labelledby="mappings-title">
      <h1 id="mappings-title">Mappings</h1>
      <p className="hint">
        {definition.title} connector, definition version {definition.version}. Rows marked inferred are
        cwsync’s reconstruction where the interworks documentation has no table.
      </p>
      {instance && <InstanceCustomisations definition={definition} instance={instance} />}
      {instanceId !== undefined && (
        <TransformationPreview modules={definition.modules} instanceId={instanceId} />
      )}
      <nav aria-label="Modules" className="module-links">
        <ul>
          {definition.modules.map((module) => (
            <li key={module.name}>
              <a
                href={`#/mappings`}
                onClick={(event) => {
                  event.preventDefault();
                  document.getElementById(`module-${module.name}`)?.scrollIntoView();
                }}
              >
                {module.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {definition.modules.map((module) => (
        <ModuleMappings key={module.name} module={module} definition={definition} />
      ))}
    </section>
  );
}
