/** Whether the register said if a case was extended (0 when it had no 是否延期 column: unknown, never assumed). */
export const sql = `
ALTER TABLE applications ADD COLUMN extended_known INTEGER NOT NULL DEFAULT 1;
`;
