import type { WriteDifference } from '../engine/index.js';

/**
 * A warning's message: which field ConnectWise kept differently, on which record, the value sent and the one
 * kept. e.g. `ConnectWise kept name differently on company/companies #12: sent "Contoso Holdings", kept "Contoso"`.
 */
export function describeDifferences(differences: readonly WriteDifference[]): string {
  const parts = differences.map(
    (difference) =>
      `${difference.path} on ${difference.resource} #${difference.connectwiseId}: sent ${shown(difference.sent)}, kept ${shown(difference.kept)}`,
  );
  const lead =
    differences.length === 1
      ? 'ConnectWise kept a value differently'
      : `ConnectWise kept ${differences.length} values differently`;
  return `${lead} — ${parts.join('; ')} (a field limit, default or workflow of the tenant changes it; the record stays linked)`;
}

function shown(value: unknown): string {
  const text = value === undefined || value === null ? 'nothing' : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
