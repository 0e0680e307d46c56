/** How one field of a linked record differs, told apart by the link's snapshot of the last sync. */
export type FieldDriftKind =
  /** the BSS changed since the last sync (ConnectWise still holds what cwsync wrote) */
  | 'bss'
  /** ConnectWise changed since the last sync (the BSS still maps to what cwsync wrote) */
  | 'connectwise'
  /** both changed, to different values */
  | 'both';

/** A record linked on one side whose other side is gone. */
export type MissingSide = 'connectwise' | 'bss';

export interface FieldDrift {
  /** the ConnectWise field the push mapping writes */
  field: string;
  kind: FieldDriftKind;
  /** the BSS side, mapped as the push would write it */
  bss: unknown;
  /** what ConnectWise holds now */
  connectwise: unknown;
  /** what the link keeps of the last sync (the body cwsync last wrote, or read when it linked) */
  lastSynced: unknown;
}

/** One linked record that is not in step. */
export interface RecordDrift {
  module: string;
  /** the BSS id */
  recordId: string;
  connectwiseId: number;
  /** set when one side is gone; `fields` is then empty */
  missing?: MissingSide;
  fields: FieldDrift[];
  /** a push can put ConnectWise in step with the BSS (the module pushes updates, the BSS record exists) */
  canPush: boolean;
  /** a pull can put the BSS in step with ConnectWise (the module pulls, ConnectWise's record exists) */
  canPull: boolean;
}

/** A linked record the mapping cannot compare now (its push would fail, wait or is switched off). */
export interface NotCompared {
  module: string;
  recordId: string;
  connectwiseId: number;
  reason: string;
}

/** The same drift across records: one field and kind of a module, or a side missing. */
export interface DriftGroup {
  /** `module|field|kind`, `module|missing|side`: pass it to resolve the whole group */
  key: string;
  module: string;
  field?: string;
  kind: FieldDriftKind | `missing-in-${MissingSide}`;
  count: number;
  recordIds: string[];
}

export interface ModuleTally {
  module: string;
  /** linked records looked at */
  linked: number;
  inStep: number;
  drifted: number;
  notCompared: number;
}

export interface Reconciliation {
  instanceId: string;
  modules: ModuleTally[];
  drift: RecordDrift[];
  groups: DriftGroup[];
  notCompared: NotCompared[];
  /** ConnectWise requests the reconciliation made (reads only) */
  connectwiseRequests: number;
}

export interface ReconcileProgress {
  module: string;
  /** linked records of the module looked at so far */
  done: number;
  /** linked records of the module */
  total: number;
}
