import type { MappingField } from '../api/types';

/** One mapping table (source → target, notes), as the generated connector documentation shows it. */
export function MappingTable({
  caption,
  from,
  to,
  fields,
}: {
  caption: string;
  from: string;
  to: string;
  fields: MappingField[];
}) {
  return (
    <div className="table-scroll">
      <table className="mapping">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{from}</th>
            <th scope="col">{to}</th>
            <th scope="col">Note</th>
            <th scope="col">JSONata</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((field) => (
            <tr key={field.target}>
              <td className="wrap">{field.source}</td>
              <th scope="row">{field.target}</th>
              <td className="wrap">
                {[
                  field.basis === 'inferred' ? 'inferred' : '',
                  field.createOnly ? 'on create only' : '',
                  field.note ?? '',
                ]
                  .filter(Boolean)
                  .join('; ')}
              </td>
              <td>
                <code className="expression">{field.expression}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
