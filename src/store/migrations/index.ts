import * as core from './001-core.js';

/** Numbered migrations, applied in order; never edit one that has shipped, add the next number. */
export const migrations: { version: number; name: string; sql: string }[] = [
  { version: 1, name: 'core', sql: core.sql },
];
