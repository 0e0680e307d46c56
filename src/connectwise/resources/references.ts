/** `_info` on every ConnectWise record and reference: lastUpdated, updatedBy, dateEntered, enteredBy, *_href. */
export type RecordInfo = Record<string, string>;

/** What every record read from ConnectWise carries. */
export interface StoredRecord {
  id: number;
  _info?: RecordInfo;
}

/** A reference as sent in writes: `{id}` is enough; ConnectWise fills in the names on read. */
export interface IdReference {
  id: number;
}

export interface NamedReference extends IdReference {
  name?: string;
  _info?: RecordInfo;
}

export interface IdentifiedReference extends NamedReference {
  identifier?: string;
}

export type CompanyReference = IdentifiedReference;
export type CountryReference = IdentifiedReference;
export type StateReference = IdentifiedReference;
export type SiteReference = NamedReference;
export type ContactReference = NamedReference;
export type MemberReference = IdentifiedReference;

export interface CurrencyReference extends NamedReference {
  symbol?: string;
  currencyCode?: string;
  currencyIdentifier?: string;
}

export interface CustomFieldValue {
  id: number;
  caption?: string;
  type?: string;
  entryMethod?: string;
  numberOfDecimals?: number;
  value?: string | number | boolean | null;
  connectWiseId?: string;
}

/** A record as written: no id or _info, references as `{id}` at least. */
export type WritableRecord<T> = Omit<Partial<T>, 'id' | '_info'>;
