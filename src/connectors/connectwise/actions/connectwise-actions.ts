import {
  type ConnectWiseGateway,
  type ConnectWiseRecord,
  type ResumableStep,
  ActionError,
  runResumableStep,
} from '../../../engine/index.js';
import { referenceIdByName, type SetupTableCache } from './reference-id-by-name.js';
import { connectwisePaths } from '../resources.js';

/** A pre-synchronization action that reads ConnectWise, or writes what the record needs to exist first. */
export type ConnectWiseAction = (input: unknown, gateway: ConnectWiseGateway) => Promise<unknown>;

const agreementsResource = connectwisePaths.agreements;
const userDefinedFieldsResource = connectwisePaths.userDefinedFields;
/** how long the custom-field definitions found by caption are trusted, by the registry (instance runtime) */
const customFieldTtlMs = 10 * 60_000;

interface AgreementInput {
  /** the agreement a linked record is already in: answered as it is, without a call */
  current?: unknown;
  company?: unknown;
  type?: unknown;
  /** the agreement's contact; else the company's default contact */
  contact?: unknown;
  name?: unknown;
  startDate?: unknown;
}

interface CustomFieldsInput {
  /** screenDescription of the custom fields, e.g. "Agreement Addition" */
  screen?: unknown;
  /** caption → value */
  values?: unknown;
}

const idOf = (value: unknown): number | undefined => {
  const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
  return typeof id === 'number' ? id : undefined;
};

/**
 * An agreement found (or made) is trusted for a while by the registry (one per instance runtime), as the match
 * index is: the account's next subscriptions go into it without reading the company's agreements again. One a
 * person cancels in that window makes the addition's create fail into the report, and the retry after it looks
 * afresh.
 */
const agreementTtlMs = 5 * 60_000;

async function openAgreements(
  gateway: ConnectWiseGateway,
  company: number,
  type: number,
): Promise<ConnectWiseRecord[]> {
  const found = await gateway.findMatching(agreementsResource, [
    { field: 'company/id', value: company, child: false },
    { field: 'type/id', value: type, child: false },
  ]);
  return found.filter((agreement) => agreement.cancelledFlag !== true).sort((a, b) => a.id - b.id);
}

/** ConnectWise requires an agreement's contact: without one given, the company's default contact. */
async function defaultContactOf(gateway: ConnectWiseGateway, company: number): Promise<number | undefined> {
  const [held] = await gateway.findMatching(connectwisePaths.companies, [
    { field: 'id', value: company, child: false },
  ]);
  return idOf(held?.defaultContact);
}

/**
 * The company's agreement of the type as one resumable step. Resume: its open agreements of that type, found
 * in ConnectWise (a crash or a lost answer after the create leaves one there, and the retry uses it). Write:
 * the agreement, when there is none. No compensation: an agreement whose first addition then fails is the one
 * the retry puts the addition in, and another subscription of the account may already be in it.
 */
function agreementStep(
  gateway: ConnectWiseGateway,
  input: AgreementInput,
): ResumableStep<number | undefined, number> {
  const company = input.company as number;
  const type = input.type as number;
  return {
    id: 'findOrCreateAgreement',
    resume: async () => (await openAgreements(gateway, company, type))[0]?.id,
    write: async (found) => found ?? createAgreement(gateway, company, type, input),
  };
}

async function createAgreement(
  gateway: ConnectWiseGateway,
  company: number,
  type: number,
  input: AgreementInput,
): Promise<number> {
  const contact =
    typeof input.contact === 'number' ? input.contact : await defaultContactOf(gateway, company);
  if (contact === undefined) {
    throw new ActionError(
      'findOrCreateAgreement',
      'account',
      `ConnectWise needs a contact on the agreement, and company ${company} has no default contact: give the account a primary contact and push it`,
    );
  }
  const name = typeof input.name === 'string' && input.name.trim() !== '' ? input.name : 'Subscriptions';
  const created = await gateway.create(agreementsResource, {
    name: name.slice(0, 100),
    type: { id: type },
    company: { id: company },
    contact: { id: contact },
    ...(typeof input.startDate === 'string' ? { startDate: input.startDate } : {}),
  });
  // Another process may have created the same agreement at the same moment: the oldest one is kept by both,
  // and the newer one is removed by the one that made it, before any addition was put in it.
  const settled = await openAgreements(gateway, company, type);
  const kept = settled[0]?.id ?? created.id;
  if (kept !== created.id && gateway.remove) await gateway.remove(agreementsResource, created.id);
  return kept;
}

/**
 * Pre-synchronization actions over ConnectWise itself, by the name the connector definition uses. What they
 * find is kept by the set made here (one per instance runtime, as its gateway), never by the module: the same
 * company and type's agreements creating at once share one look-and-create, and tables read by name, agreements
 * found and custom-field definitions are trusted for a while.
 */
export function createConnectWiseActions(): Record<string, ConnectWiseAction> {
  const tables: SetupTableCache = new Map();
  const agreementsInFlight = new Map<string, Promise<number>>();
  const agreementsFound = new Map<string, { id: number; at: number }>();
  const customFieldCache = new Map<string, { at: number; rows: Promise<ConnectWiseRecord[]> }>();
  return {
    /** The id of a setup-table row by name (an order status): `{resource, name, field}` → id. */
    referenceIdByName: (input, gateway) => referenceIdByName(input, gateway, tables),

    /**
     * The id of the company's agreement of the given agreement type (one per billing cycle, Subscription Units
     * lookup), made when it has none: `{current, company, type, contact, name, startDate}` → agreement id (`current`,
     * the agreement a linked addition is in, is answered as it is).
     */
    async findOrCreateAgreement(input, gateway) {
      const agreement = (input ?? {}) as AgreementInput;
      if (typeof agreement.current === 'number') return agreement.current;
      if (typeof agreement.company !== 'number' || typeof agreement.type !== 'number') {
        throw new ActionError(
          'findOrCreateAgreement',
          'agreement',
          'an agreement needs the ConnectWise company and agreement type ids',
        );
      }
      const key = `${agreement.company}|${agreement.type}`;
      const found = agreementsFound;
      const known = found.get(key);
      if (known && Date.now() - known.at < agreementTtlMs) return known.id;
      const inFlight = agreementsInFlight;
      const running = inFlight.get(key);
      if (running) return running;
      const finding = runResumableStep(agreementStep(gateway, agreement))
        .then((id) => {
          found.set(key, { id, at: Date.now() });
          return id;
        })
        .finally(() => inFlight.delete(key));
      inFlight.set(key, finding);
      return finding;
    },

    /**
     * A record's custom fields found by caption on a screen (ConnectWise's "user defined fields"), as the whole
     * `customFields` array ConnectWise takes: `{screen, values: {caption: value}}` → `[{id, value}]`. A caption
     * the tenant has not defined is left out; none at all leaves the field out (undefined).
     */
    async customFieldsByCaption(input, gateway) {
      const { screen, values } = (input ?? {}) as CustomFieldsInput;
      if (typeof values !== 'object' || values === null) return undefined;
      const cache = customFieldCache;
      const written: Array<{ id: number; value: unknown }> = [];
      for (const [caption, value] of Object.entries(values as Record<string, unknown>)) {
        let entry = cache.get(caption);
        if (!entry || Date.now() - entry.at > customFieldTtlMs) {
          entry = {
            at: Date.now(),
            rows: gateway.findMatching(userDefinedFieldsResource, [
              { field: 'caption', value: caption, child: false },
            ]),
          };
          entry.rows.catch(() => cache.delete(caption));
          cache.set(caption, entry);
        }
        const definition = (await entry.rows).find(
          (row) =>
            typeof screen !== 'string' ||
            typeof row.screenDescription !== 'string' ||
            row.screenDescription.toLowerCase() === screen.toLowerCase(),
        );
        if (definition) written.push({ id: definition.id, value: value ?? null });
      }
      return written.length > 0 ? written.sort((a, b) => a.id - b.id) : undefined;
    },
  };
}
