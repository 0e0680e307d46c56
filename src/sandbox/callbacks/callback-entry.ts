/** The fields of a system/callbacks row the delivery reads. */
export interface CallbackEntry {
  id: number;
  url: string;
  objectId: number;
  type: string;
  level: string;
  memberId?: number;
  inactiveFlag?: boolean;
  isSelfSuppressedFlag?: boolean;
  _info?: Record<string, string>;
}

export const callbacksResource = 'system/callbacks';

export function asCallbackEntry(row: Record<string, unknown>): CallbackEntry | undefined {
  if (typeof row.id !== 'number' || typeof row.url !== 'string' || typeof row.type !== 'string')
    return undefined;
  return {
    id: row.id,
    url: row.url,
    objectId: typeof row.objectId === 'number' ? row.objectId : Number(row.objectId ?? 0),
    type: row.type,
    level: typeof row.level === 'string' ? row.level : 'owner',
    memberId: typeof row.memberId === 'number' ? row.memberId : undefined,
    inactiveFlag: row.inactiveFlag === true,
    isSelfSuppressedFlag: row.isSelfSuppressedFlag === true,
    _info: row._info as Record<string, string> | undefined,
  };
}
