import { randomUUID } from 'node:crypto';
import type { ChangeEvent } from '../context.js';
import type { CallbackEntry } from './callback-entry.js';

/** What stays the same for every callback of one sandbox. */
export interface CallbackOrigin {
  companyId: string;
  /** host of the site, e.g. "sandbox-na.myconnectwise.net" */
  fromUrl: string;
  keyUrl: string;
  partnerId: string;
  productInstanceId: string;
}

/** The ConnectWise callback body, keys in the order the captured payloads have them. */
export interface CallbackPayload {
  Action: ChangeEvent['action'];
  CallbackObjectRecId: number;
  CompanyId: string;
  Entity: string | null;
  FromUrl: string;
  ID: number;
  MemberId: string;
  MessageId: string;
  Metadata: { key_url: string };
  PartnerId: string;
  ProductInstanceId: string;
  Type: string;
}

/** `entity` is the record as the API renders it (null on delete); ConnectWise sends it as a JSON string. */
export function buildCallbackPayload(
  entry: CallbackEntry,
  event: ChangeEvent,
  entity: Record<string, unknown> | null,
  origin: CallbackOrigin,
): CallbackPayload {
  return {
    Action: event.action,
    CallbackObjectRecId: entry.id,
    CompanyId: origin.companyId,
    Entity: event.action === 'deleted' || !entity ? null : JSON.stringify(entity),
    FromUrl: origin.fromUrl,
    ID: event.id,
    MemberId: event.memberIdentifier,
    MessageId: randomUUID(),
    Metadata: { key_url: origin.keyUrl },
    PartnerId: origin.partnerId,
    ProductInstanceId: origin.productInstanceId,
    Type: entry.type,
  };
}

/** ConnectWise appends the record id to the registered URL, which is why integrations register "…?recordId=". */
export function callbackTargetUrl(entry: CallbackEntry, recordId: number): string {
  return `${entry.url}${recordId}`;
}
