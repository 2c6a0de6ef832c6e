// What a page walk did, reference by reference, for the views (virtualization.md §2.7: the 2-D walk grid with
// numbered references). Recording is off unless someone listens; then every walk, hit or fault, is reported.

/** Which table an entry belongs to: the only stage (host/active tables), the guest's, or the nested tables. */
export type WalkStage = 'host' | 'guest' | 'nested';

export interface WalkReference {
  /** 1-based position in the walk (the numbers of the 3 × 3 grid with nested paging). */
  step: number;
  stage: WalkStage;
  level: 'directory' | 'table';
  /** Index of the entry in its table. */
  index: number;
  /** Host physical address of the entry read. */
  address: number;
  /** The entry as read (before any A/D update). */
  value: number;
}

export type AccessKind = 'read' | 'write' | 'execute';

export interface WalkRecord {
  linear: number;
  access: AccessKind;
  user: boolean;
  vpid: number;
  /** True when the TLB answered and no table was read. */
  tlbHit: boolean;
  references: WalkReference[];
  /** The host physical address reached, or null after a fault. */
  physical: number | null;
  fault: PagingFault | null;
}

/** Why a translation failed: a fault in the only stage or the guest's tables (#PF), or in the nested ones. */
export interface PagingFault {
  kind: 'page-fault' | 'nested-violation';
  linear: number;
  /** #PF error code (bits P, W/R, U/S) for page faults. */
  errorCode: number;
  /** For nested violations: the guest-physical address, and whether it happened while walking the guest tables. */
  guestPhysical?: number;
  duringGuestWalk?: boolean;
  access: AccessKind;
}
