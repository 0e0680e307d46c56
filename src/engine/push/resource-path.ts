import { DefinitionError } from '../definition/compile-expression.js';

const placeholder = /\{([A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)*)\}/g;

/** Whether a module's resource lives under a parent, e.g. `finance/agreements/{agreementId}/additions`. */
export function hasParentPath(resource: string): boolean {
  return /\{[^}]+\}/.test(resource);
}

/**
 * The path of a record whose resource lives under a parent: each `{field}` (or `{field.id}`) of the module's
 * resource is filled from the record's own body. On create that is the mapped body (the parent's id is one
 * of its fields, e.g. an addition's `agreementId`, a payment's `invoice.id`); on update it is what ConnectWise
 * held after cwsync's last write, so a record is always addressed under the parent it was created in.
 */
export function resourcePath(resource: string, body: Record<string, unknown>): string {
  return resource.replace(placeholder, (_, path: string) => {
    let value: unknown = body;
    for (const part of path.split('.')) {
      value =
        typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
    }
    if ((typeof value !== 'number' && typeof value !== 'string') || String(value).trim() === '') {
      throw new DefinitionError(
        `connectwise.resource ${resource}`,
        `the record has no "${path}" to address its parent with; map it in the push fields`,
      );
    }
    return encodeURIComponent(String(value));
  });
}
