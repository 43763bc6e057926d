import type { FastifyRequest } from 'fastify';
import type { App } from '../app.js';
import type { WebConfig } from '../config/web-schema.js';
import type { Accounts, Actor } from '../accounts/accounts.js';
import type { ScoredCache } from './scored-cache.js';

/** What every route module is given. */
export interface ConsoleContext {
  app: App;
  web: WebConfig;
  accounts: Accounts;
  /** Score data computed once per version of the stored facts (see scored-cache.ts). */
  scored: ScoredCache;
  /** Who is acting (the logged-in login, or `anonymous`), from which address, at the injected clock's now. */
  actor(req: FastifyRequest): Actor;
}
