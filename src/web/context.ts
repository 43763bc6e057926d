import type { FastifyRequest } from 'fastify';
import type { App } from '../app.js';
import type { WebConfig } from '../config/web-schema.js';
import type { Accounts, Actor } from '../accounts/accounts.js';

/** What every route module is given. */
export interface ConsoleContext {
  app: App;
  web: WebConfig;
  accounts: Accounts;
  /** Who is acting (the logged-in login, or `anonymous`), from which address, at the injected clock's now. */
  actor(req: FastifyRequest): Actor;
}
