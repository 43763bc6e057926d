/** How each letter's submission date was found (list, order, url, detail); NULL for letters stored before it was kept. */
export const sql = `
ALTER TABLE mailbox_letters ADD COLUMN submitted_source TEXT;
`;
