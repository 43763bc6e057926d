import * as core from './001-core.js';
import * as mailbox from './002-mailbox.js';
import * as manual from './003-manual.js';
import * as scheduleMail from './004-schedule-mail.js';
import * as listEnd from './005-list-end.js';
import * as letterDateSource from './007-letter-date-source.js';

/** Numbered migrations, applied in order; never edit one that has shipped, add the next number. */
export const migrations: { version: number; name: string; sql: string }[] = [
  { version: 1, name: 'core', sql: core.sql },
  { version: 2, name: 'mailbox', sql: mailbox.sql },
  { version: 3, name: 'manual', sql: manual.sql },
  { version: 4, name: 'schedule-mail', sql: scheduleMail.sql },
  { version: 5, name: 'list-end', sql: listEnd.sql },
  { version: 7, name: 'letter-date-source', sql: letterDateSource.sql },
];
