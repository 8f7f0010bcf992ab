import type { FastifyBaseLogger } from 'fastify';
import type { Role } from '../../shared/auth.ts';
import type { OrgType } from '../../shared/orgs.ts';
import type { Config } from '../config.ts';
import type { Database, DbOrTx } from '../db/client.ts';
import type { MessageSender } from './notify/sender.ts';
import type { PiiVault } from './pii/pii.ts';

/** The membership a signed-in user acts in: their role within one org's subtree. */
export interface ActingMembership {
  id: number;
  role: Role;
  orgId: number;
  orgPath: string;
  orgName: string;
  orgType: OrgType;
}

/** Who is calling. Built once per request from the session cookie. */
export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  sessionId: string;
  csrfToken: string;
  membership: ActingMembership | null;
}

/** Long-lived services a use case may need; created once per app. */
export interface Deps {
  config: Config;
  database: Database;
  vault: PiiVault;
  sender: MessageSender;
  log: FastifyBaseLogger;
}

/** What every use case receives: where to read and write, who acts, from where. */
export interface Ctx {
  db: DbOrTx;
  actor: Actor | null;
  ip: string | null;
  deps: Deps;
}

/** The same context inside a transaction. */
export const withTx = (ctx: Ctx, tx: DbOrTx): Ctx => ({ ...ctx, db: tx });
