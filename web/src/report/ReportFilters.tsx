import type { ConnectorDefinition } from '../api/types';

export interface ReportFilter {
  module: string;
  direction: string;
  text: string;
}

/** Filter the report by module, direction and text (message, field or record id). */
export function ReportFilters({
  definition,
  filter,
  onChange,
}: {
  definition: ConnectorDefinition;
  filter: ReportFilter;
  onChange: (filter: ReportFilter) => void;
}) {
  return (
    <form className="filters" role="search" onSubmit={(event) => event.preventDefault()}>
      <div className="field">
        <label htmlFor="report-module">Module</label>
        <select
          id="report-module"
          value={filter.module}
          onChange={(event) => onChange({ ...filter, module: event.target.value })}
        >
          <option value="">all</option>
          {definition.modules.map((module) => (
            <option key={module.name} value={module.name}>
              {module.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="report-direction">Direction</label>
        <select
          id="report-direction"
          value={filter.direction}
          onChange={(event) => onChange({ ...filter, direction: event.target.value })}
        >
          <option value="">both</option>
          <option value="push">push</option>
          <option value="pull">pull</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="report-text">Text</label>
        <input
          id="report-text"
          type="search"
          value={filter.text}
          placeholder="message, field or record id"
          onChange={(event) => onChange({ ...filter, text: event.target.value })}
        />
      </div>
    </form>
  );
}
