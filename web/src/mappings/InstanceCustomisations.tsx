import type { ConnectorDefinition, Instance } from '../api/types';

interface Row {
  key: string;
  field: string;
  standard: string | undefined;
  customised: string | null;
}

/** Each customised field of an instance next to the connector's own expression. */
function rowsOf(definition: ConnectorDefinition, overrides: Record<string, string | null>): Row[] {
  return Object.entries(overrides).map(([key, customised]) => {
    const [moduleName, direction, ...rest] = key.split('.');
    const field = rest.join('.');
    const module = definition.modules.find((entry) => entry.name === moduleName);
    const mapping = direction === 'push' ? module?.push : direction === 'pull' ? module?.pull : undefined;
    return {
      key,
      field,
      standard: mapping?.fields.find((entry) => entry.target === field)?.expression,
      customised,
    };
  });
}

/** An instance's customisations against the default definition, as a diff: the connector's line, then its own. */
export function InstanceCustomisations({
  definition,
  instance,
}: {
  definition: ConnectorDefinition;
  instance: Instance;
}) {
  const rows = rowsOf(definition, instance.mappingOverrides);
  return (
    <section className="card" aria-labelledby="customisations-title">
      <h2 id="customisations-title">Customisations of {instance.name}</h2>
      {rows.length === 0 ? (
        <p>None: {instance.name} maps every field as the connector does.</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">
              Customised fields against the connector’s definition
            </caption>
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Difference</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key} data-override={row.key}>
                  <th scope="row">{row.key}</th>
                  <td>
                    <pre className="diff">
                      <del aria-label="connector">{`- ${row.standard ?? '(not mapped by the connector)'}`}</del>
                      {'\n'}
                      <ins aria-label={instance.name}>{`+ ${row.customised ?? '(left out)'}`}</ins>
                    </pre>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
