/**
 * The failed link checks by crawl: scoring reads those of the crawls that start an observation row, and
 * the next night's crawl those of each column's latest row. Checks that opened are most rows and are
 * not indexed, so a first crawl's inserts do not pay for it.
 */
export const sql = `
CREATE INDEX link_checks_failed ON link_checks(run_id, unit_id, column_id) WHERE outcome != 'ok';
`;
