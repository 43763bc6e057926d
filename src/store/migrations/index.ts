import * as core from './001-core.js';
import * as mailbox from './002-mailbox.js';
import * as manual from './003-manual.js';
import * as scheduleMail from './004-schedule-mail.js';
import * as listEnd from './005-list-end.js';
import * as columnIds from './006-column-ids.js';
import * as letterDateSource from './007-letter-date-source.js';
import * as extensionKnown from './008-extension-known.js';
import * as observationSpans from './009-observation-spans.js';
import * as retention from './010-retention.js';
import * as failedLinks from './011-failed-links.js';
import * as web from './012-web.js';
import * as findings from './014-findings.js';
import * as census from './015-census.js';
import * as contentProbes from './016-content-probes.js';
import type { Db } from '../db.js';

/**
 * Numbered migrations, applied in order; never edit one that has shipped, add the next number. `run`, when
 * present, is a step SQL cannot express, run after `sql` in the same transaction. `vacuum`: the migration frees
 * much space, so the file is compacted once all migrations are applied (VACUUM cannot run in a transaction).
 */
export const migrations: { version: number; name: string; sql: string; run?: (db: Db) => void; vacuum?: boolean }[] = [
  { version: 1, name: 'core', sql: core.sql },
  { version: 2, name: 'mailbox', sql: mailbox.sql },
  { version: 3, name: 'manual', sql: manual.sql },
  { version: 4, name: 'schedule-mail', sql: scheduleMail.sql },
  { version: 5, name: 'list-end', sql: listEnd.sql },
  { version: 6, name: 'column-ids', sql: columnIds.sql, run: columnIds.run },
  { version: 7, name: 'letter-date-source', sql: letterDateSource.sql },
  { version: 8, name: 'extension-known', sql: extensionKnown.sql },
  { version: 9, name: 'observation-spans', sql: observationSpans.sql, run: observationSpans.run },
  { version: 10, name: 'retention', sql: retention.sql, run: retention.run, vacuum: true },
  { version: 11, name: 'failed-links', sql: failedLinks.sql },
  { version: 12, name: 'web', sql: web.sql },
  { version: 14, name: 'findings', sql: findings.sql },
  { version: 15, name: 'census', sql: census.sql },
  { version: 16, name: 'content-probes', sql: contentProbes.sql },
];
