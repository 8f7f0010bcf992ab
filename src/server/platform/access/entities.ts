import type { DbOrTx } from '../../db/client.ts';

/** What access checks need to know about one record: where it sits and what state it is in. */
export interface EntityScope {
  orgId: number;
  orgPath: string;
  state: string | null;
}

export interface EntityKind {
  /** e.g. `org`, `user`, `hardship.archive` */
  type: string;
  /** Chinese name for messages. */
  label: string;
  load(db: DbOrTx, id: string): Promise<EntityScope | null>;
  /** Action checked before showing its timeline or files. */
  viewAction: string;
  /** Action checked before attaching a file to it. */
  attachAction: string;
  /**
   * Optional, for records an outside party holds although they lie outside its org subtree (a
   * donor's own claim): true lets this user view (or attach to) the record without the role and
   * subtree check. Everyone else is checked as usual.
   */
  heldBy?(db: DbOrTx, id: string, userId: number, use: 'view' | 'attach'): Promise<boolean>;
}

const kinds = new Map<string, EntityKind>();

/** Modules register their record types so timeline, files and audit can scope them generically. */
export function registerEntityKind(kind: EntityKind): void {
  kinds.set(kind.type, kind);
}

export function entityKind(type: string): EntityKind | undefined {
  return kinds.get(type);
}
