import { isConnectWiseError, where, type ConnectWiseClient } from '../../connectwise/index.js';
import type { ConnectorDefinition } from '../../engine/index.js';
import type { LookupRow } from '../instance-settings.js';
import { loadReferenceData } from '../../connectors/connectwise/index.js';
import { listLookupOptions } from '../list-lookup-options.js';
import { failed, passed, type CheckLine } from './check-line.js';

type Row = Record<string, unknown> & { id: number };

/** The resources the enabled pushes write: each module's own (under its parent when nested) and its lines'. */
export function writtenResources(
  definition: ConnectorDefinition,
  pushing: (module: string) => boolean,
): string[] {
  const resources = new Set<string>();
  for (const [name, module] of Object.entries(definition.modules)) {
    if (!pushing(name)) continue;
    // finance/agreements/{agreementId}/additions is read through its parent, finance/agreements
    resources.add(module.connectwise.resource.split('/{')[0]!);
    for (const action of module.push?.postSync ?? []) {
      const resource = /"resource":\s*"([^"{]+)"/.exec(action.input)?.[1];
      if (action.action === 'keepLinesInStep' && resource) resources.add(resource);
    }
  }
  return [...resources];
}

/** Read permission on each resource: one GET of at most one record. */
export async function checkReadPermissions(
  client: ConnectWiseClient,
  resources: string[],
): Promise<CheckLine[]> {
  const lines: CheckLine[] = [];
  for (const resource of resources) {
    const name = `read ${resource}`;
    try {
      await client.resource<Row>(resource).page({ pageSize: 1, fields: ['id'] });
      lines.push(passed(name, `the API member can read ${resource}`));
    } catch (error) {
      if (!isConnectWiseError(error)) throw error;
      lines.push(
        failed(
          name,
          `ConnectWise refused to list ${resource} (HTTP ${error.status ?? '?'}: ${error.serverMessage ?? error.message})`,
          `grant the API member's security role Inquire on ${resource} (System › Security Roles)`,
        ),
      );
    }
  }
  return lines;
}

/** Each server variable that names a ConnectWise record (a status, a member, a location…) names one that exists. */
export async function checkServerVariables(
  client: ConnectWiseClient,
  definition: ConnectorDefinition,
  values: Record<string, number | string>,
  used: (module: string) => boolean,
): Promise<CheckLine[]> {
  const lines: CheckLine[] = [];
  for (const [name, variable] of Object.entries(definition.serverVariables)) {
    if (variable.connectwiseResource === undefined || !variable.modules.some(used)) continue;
    const value = values[name];
    const line = `server variable ${name}`;
    const found = await exists(client, variable.connectwiseResource, value);
    if (found === true)
      lines.push(
        passed(line, `${variable.label} ${String(value)} exists in ${variable.connectwiseResource}`),
      );
    else
      lines.push(
        failed(
          line,
          found === false
            ? `${variable.label} is ${String(value)}, but ${variable.connectwiseResource} has no record ${String(value)}`
            : `${variable.connectwiseResource} could not be read: ${found}`,
          `set it to the id of an existing record: cwsync instance update <id> --set-variable ${name}=<id> (the dashboard's server variables list them)`,
        ),
      );
  }
  return lines;
}

/** Each lookup row maps to a ConnectWise value that still exists (lookups of typed text are not read). */
export async function checkLookups(
  client: ConnectWiseClient,
  definition: ConnectorDefinition,
  rows: LookupRow[],
): Promise<CheckLine[]> {
  const lines: CheckLine[] = [];
  const byLookup = new Map<string, LookupRow[]>();
  for (const row of rows) byLookup.set(row.lookup, [...(byLookup.get(row.lookup) ?? []), row]);
  for (const [lookup, mapped] of byLookup) {
    const declared = definition.lookups[lookup];
    if (!declared || declared.connectwiseValue === 'text') continue;
    const options = await listLookupOptions(client, definition, lookup);
    const known = new Set(options.items.map((item) => item.integrationId));
    for (const row of mapped) {
      const name = `lookup ${lookup} ${row.internalId}`;
      if (known.has(row.integrationId))
        lines.push(passed(name, `${row.internalId} → ${declared.label} ${row.integrationId}, which exists`));
      else
        lines.push(
          failed(
            name,
            `${row.internalId} is mapped to ${declared.label} ${row.integrationId}, which ${declared.connectwiseResource} no longer has`,
            `map it again: cwsync lookup set --instance <id> --lookup ${lookup} --internal-id ${row.internalId} --integration-id <id> (cwsync lookup options lists the ids)`,
          ),
        );
    }
  }
  return lines;
}

/** Countries with an ISO code (a pulled address finds its BSS country by it) and currencies with an ISO code. */
export async function checkReferenceCodes(client: ConnectWiseClient): Promise<CheckLine[]> {
  // the countries as the sync reads them (its reference data), so the check sees what a push and a pull will
  const { countries } = await loadReferenceData(client);
  const noCode = countries.filter((country) => !/^[A-Za-z]{2}$/.test(String(country.countryCode ?? '')));
  const currencies = await collect(
    client.resource<Row>('finance/currencies').list({ fields: ['id', 'currencyIdentifier', 'name'] }),
  );
  const noIso = currencies.filter(
    (currency) => !/^[A-Z]{3}$/.test(String(currency.currencyIdentifier ?? '')),
  );
  const names = (rows: Array<{ id: number; name?: unknown }>) =>
    rows.map((row) => `${String(row.name ?? '')} (#${row.id})`).join(', ');
  return [
    noCode.length === 0
      ? passed('country codes', `all ${countries.length} countries have a two-letter code`)
      : failed(
          'country codes',
          `${noCode.length} countries have no two-letter code: ${names(noCode)}`,
          'give each its ISO 3166 code in ConnectWise (Setup Tables › Country): an address in a country without one cannot be matched',
        ),
    noIso.length === 0
      ? passed('currency codes', `all ${currencies.length} currencies have an ISO 4217 code`)
      : failed(
          'currency codes',
          `${noIso.length} currencies have no three-letter ISO code: ${names(noIso)}`,
          'set the currency identifier to its ISO 4217 code in ConnectWise (Setup Tables › Currency)',
        ),
  ];
}

/** Custom fields ConnectWise requires on the screens cwsync writes without filling them (companies, contacts). */
export async function checkRequiredCustomFields(
  client: ConnectWiseClient,
  screens: string[],
): Promise<CheckLine[]> {
  const fields = await collect(client.resource<Row>('system/userDefinedFields').list({}));
  const wanted = new Set(screens.map((screen) => screen.toLowerCase()));
  const required = fields.filter(
    (field) => field.requiredFlag === true && wanted.has(String(field.screenDescription ?? '').toLowerCase()),
  );
  if (required.length === 0)
    return [passed('required custom fields', `no custom field is required on ${screens.join(' or ')}`)];
  return required.map((field) =>
    failed(
      `required custom field ${String(field.screenDescription)} "${String(field.caption)}"`,
      `ConnectWise requires the custom field "${String(field.caption)}" (#${field.id}) on every ${String(field.screenDescription).toLowerCase()}, and cwsync does not fill it: its writes would be refused`,
      'make it optional in ConnectWise (Setup Tables › Custom Fields), or fill it through the instance’s customised mapping (customFields)',
    ),
  );
}

/** true when `resource` has a record with this id; false when it has none; the error's text when it could not be read. */
async function exists(client: ConnectWiseClient, resource: string, id: unknown): Promise<boolean | string> {
  if (typeof id !== 'number' || !Number.isInteger(id)) return false;
  try {
    const page = await client
      .resource<Row>(resource)
      .page({ pageSize: 1, conditions: where('id', '=', id), fields: ['id'] });
    return page.items.length > 0;
  } catch (error) {
    if (!isConnectWiseError(error)) throw error;
    return `HTTP ${error.status ?? '?'} ${error.serverMessage ?? error.message}`;
  }
}

async function collect<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const row of rows) all.push(row);
  return all;
}
