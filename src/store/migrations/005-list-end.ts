/** How far each column list was read: lists read to their end are evidence for the days before their oldest item. */
export const sql = `
ALTER TABLE column_observations ADD COLUMN list_end TEXT NOT NULL DEFAULT 'not-read';
ALTER TABLE column_observations ADD COLUMN list_end_note TEXT;
`;
