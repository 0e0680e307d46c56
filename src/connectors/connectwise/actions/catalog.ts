import { ActionError } from '../../../engine/index.js';
import { locateCountry, type CountryInput } from './locate-country.js';
import { matchCommunicationItems, type CommunicationItemsInput } from './match-communication-items.js';
import { normaliseName, type ReferenceIndex } from './reference-data.js';

/** What an action can use besides its input. */
export interface ActionContext {
  reference: ReferenceIndex;
  /** the BSS side's lookup values, for pull actions */
  bss?: { currencyIdByIsoCode(code: string): string | undefined };
}

export type SynchronizationAction = (input: unknown, context: ActionContext) => unknown;

/**
 * The engine's pre/post-synchronization actions, by the name the connector definition uses. Each is a pure
 * function over cached ConnectWise reference data. (Actions that write, such as companyTypeAssociation,
 * are carried out by the engine itself.)
 */
export const actionCatalog: Record<string, SynchronizationAction> = {
  countryId(input, { reference }) {
    return locateCountry(input as CountryInput, reference)?.id;
  },

  stateCode(input, { reference }) {
    const { name, code, countryCode, countryName } = input as {
      name?: string | null;
      code?: string | null;
      countryCode?: string | null;
      countryName?: string | null;
    };
    const country = locateCountry({ name: countryName, code: countryCode }, reference);
    const states = reference.statesOfCountry(country?.id);
    const wanted = name?.trim();
    if (wanted) {
      const state = states.find((candidate) => normaliseName(candidate.name) === normaliseName(wanted));
      if (state) return state.identifier;
      if (!code?.trim()) {
        throw new ActionError(
          'stateCode',
          'state',
          `ConnectWise has no state named "${wanted}"${country ? ` in ${country.name}` : ''}: correct the address's state, or give its state code`,
        );
      }
    }
    // The IMP-2029 revision sends the BSS state code directly when the address has one.
    return code?.trim() || undefined;
  },

  countryById(input, { reference }) {
    const { id } = input as { id?: number | null };
    if (id === undefined || id === null) return undefined;
    const country = reference.countryById.get(id);
    if (!country) return undefined;
    return { code: country.countryCode ?? undefined, name: country.name };
  },

  stateByText(input, { reference }) {
    const { text, countryId } = input as { text?: string | null; countryId?: number | null };
    const wanted = text?.trim();
    if (!wanted) return undefined;
    const key = normaliseName(wanted);
    const state = reference
      .statesOfCountry(countryId ?? undefined)
      .find(
        (candidate) => normaliseName(candidate.identifier) === key || normaliseName(candidate.name) === key,
      );
    return state ? { code: state.identifier, name: state.name } : { name: wanted };
  },

  bssCurrencyByIsoCode(input, { bss }) {
    const { code } = input as { code?: string | null };
    return code ? bss?.currencyIdByIsoCode(code.trim().toUpperCase()) : undefined;
  },

  communicationItems(input, { reference }) {
    return matchCommunicationItems(input as CommunicationItemsInput, reference);
  },
};
