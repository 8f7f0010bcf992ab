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
}

const kinds = new Map<string, EntityKind>();

/** Modules register their record types so timeline, files and audit can scope them generically. */
export function registerEntityKind(kind: EntityKind): void {
  kinds.set(kind.type, kind);
}

export function entityKind(type: string): EntityKind | undefined {
  return kinds.get(type);
}
