import type { CompiledModule } from '../definition/load-definition.js';
import type { ConnectWiseRecord } from '../ports.js';
import type { PushOutcome } from './push-outcome.js';

const shown = (value: unknown): string =>
  value === undefined || value === null
    ? '(none)'
    : `"${typeof value === 'string' ? value : JSON.stringify(value)}"`;

/**
 * A record found by a rule (a company by its name) that differs where it must not (its identifier): it is for a
 * person to link, never linked and rewritten silently. The message says what differs and the one step to link it.
 */
export function reviewOutcome(
  module: CompiledModule,
  /** the instance and the record, for the one-step command in the message */
  where: { instanceId: string; recordId: string },
  rule: string,
  /** the fields the rule compared: "name" */
  by: string,
  found: ConnectWiseRecord,
  body: Record<string, unknown>,
  field: string,
): PushOutcome {
  const label = module.definition.connectwise.label;
  const name = typeof found.name === 'string' ? ` ${shown(found.name)}` : '';
  return {
    outcome: 'ambiguous',
    candidates: [found.id],
    rule,
    review: {
      field,
      message:
        `matched by ${by}, review: ConnectWise ${label.toLowerCase()} #${found.id}${name} has ${field} ` +
        `${shown(found[field])}, not ${shown(body[field])}. Link it (cwsync link ${module.name} ${where.recordId} ` +
        `--instance ${where.instanceId} --to ${found.id}) to adopt it, its ${field} rewritten, or make the two differ ` +
        'so that a new one is created.',
    },
  };
}
