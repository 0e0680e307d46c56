import type { FieldError } from '../http/connectwise-error.js';
import type { HandRule } from '../registry/resource-definition.js';

const definitionsResource = 'system/userDefinedFields';

/** A list field's default option, as the captured new contact shows ("is_synced": "false"). */
function defaultValueOf(definition: Record<string, unknown>): unknown {
  const options = Array.isArray(definition.options)
    ? (definition.options as Array<Record<string, unknown>>)
    : [];
  return (
    options.find((option) => option.defaultFlag === true && option.inactiveFlag !== true)?.optionValue ?? null
  );
}

function customFieldOf(definition: Record<string, unknown>, value: unknown): Record<string, unknown> {
  return {
    id: definition.id,
    caption: definition.caption,
    type: definition.fieldTypeIdentifier,
    entryMethod: definition.entryTypeIdentifier,
    numberOfDecimals: definition.numberDecimals ?? 0,
    value: value ?? null,
    connectWiseId: definition.connectWiseID,
  };
}

/**
 * `customFields` are written as the whole array of {id, value} (ConnectWise's doc quoted in connectwise-rest PR
 * #53). The answer lists every custom field defined for the resource's screen (`customFieldScreen`, matched with
 * the definitions' screenDescription), in definition order, with null where no value was sent — as the captured
 * new contact shows — plus any other defined field the client sent.
 */
export const fillCustomFields: HandRule = ({ record, store, definition }) => {
  const resource = definition.objectName;
  const sent = record.customFields ?? [];
  if (!Array.isArray(sent)) {
    return [
      {
        code: 'InvalidField',
        message: 'The customFields field must be an array.',
        resource,
        field: 'customFields',
      },
    ];
  }
  const errors: FieldError[] = [];
  const values = new Map<number, unknown>();
  sent.forEach((raw, index) => {
    const item = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : undefined;
    const id = Number(item?.id);
    const field = `customFields/${index}/id`;
    if (item === undefined || !Number.isInteger(id)) {
      errors.push({
        code: 'InvalidField',
        message: `The ${field} field must name a custom field definition.`,
        resource,
        field,
      });
    } else if (store.get(definitionsResource, id) === undefined) {
      errors.push({ code: 'NotFound', message: `Custom Field ${id} not found`, resource, field });
    } else {
      values.set(id, item.value);
    }
  });
  const screen = definition.customFieldScreen?.toLowerCase();
  const onScreen = store
    .list(definitionsResource)
    .filter((row) => screen !== undefined && String(row.screenDescription ?? '').toLowerCase() === screen);
  const listed = new Set(onScreen.map((row) => row.id));
  const extra = [...values.keys()]
    .filter((id) => !listed.has(id))
    .map((id) => store.get(definitionsResource, id));
  record.customFields = [...onScreen, ...extra]
    .filter((row) => row !== undefined)
    .map((row) =>
      customFieldOf(row, values.has(row.id as number) ? values.get(row.id as number) : defaultValueOf(row)),
    );
  return errors;
};
