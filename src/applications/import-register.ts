import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Db } from '../store/db.js';
import type { DistrictConfig } from '../config/schema.js';
import { APPLICATION_FIELDS, type ApplicationField } from '../config/mailbox-schema.js';
import { UnitMatcher } from '../mailbox/unit-matcher.js';
import { WorkCalendar } from '../calendar/work-calendar.js';
import { readTable, type RawTable } from './read-table.js';
import { ZipRefusedError } from '../files/zip-guard.js';
import { HEADER_NAMES, REQUIRED_FIELDS, headerKey, registerRowSchema, type RegisterRow } from './register-schema.js';
import { inferredCorrection, missingColumnWarnings } from './optional-columns.js';

/** One problem in a register file: the row (as numbered in the file), the column header, what is wrong. */
export interface RegisterProblem {
  row: number | null;
  column: string | null;
  message: string;
}

export class RegisterError extends Error {
  constructor(readonly file: string, readonly problems: RegisterProblem[]) {
    super(`${file}：共 ${problems.length} 处错误，未导入任何数据\n${problems.map(formatRegisterProblem).join('\n')}`);
    this.name = 'RegisterError';
  }
}

export function formatRegisterProblem(p: RegisterProblem): string {
  const where = [p.row !== null ? `第 ${p.row} 行` : '', p.column ? `“${p.column}”列` : ''].filter(Boolean).join('，');
  return where ? `  ${where}：${p.message}` : `  ${p.message}`;
}

export interface ImportResult {
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  encoding?: string;
  /** Warnings that do not stop the import (optional columns missing, years the working-day calendar lacks). */
  warnings: string[];
}

/** Which file column holds which field; problems for missing, unknown-twice or duplicate headers. */
function mapHeaders(table: RawTable, extra: Partial<Record<ApplicationField, string[]>>): { columns: Map<ApplicationField, number>; problems: RegisterProblem[] } {
  const names = new Map<string, ApplicationField>();
  for (const field of APPLICATION_FIELDS) {
    for (const name of [...HEADER_NAMES[field], ...(extra[field] ?? [])]) names.set(headerKey(name), field);
  }
  const columns = new Map<ApplicationField, number>();
  const problems: RegisterProblem[] = [];
  table.headers.forEach((header, i) => {
    const field = names.get(headerKey(header));
    if (!field) return;
    const other = columns.get(field);
    if (other !== undefined) problems.push({ row: 1, column: header, message: `与“${table.headers[other]}”列是同一项内容，只能保留一列` });
    else columns.set(field, i);
  });
  for (const field of REQUIRED_FIELDS) {
    if (!columns.has(field)) {
      problems.push({ row: null, column: null, message: `缺少“${HEADER_NAMES[field][0]}”列（可用的列名：${HEADER_NAMES[field].join('、')}）` });
    }
  }
  return { columns, problems };
}

/** Reads and checks a whole register file; throws RegisterError listing every problem, before anything is stored. */
export async function validateRegister(file: string, config: DistrictConfig): Promise<{ rows: (RegisterRow & { row: number })[]; encoding?: string; warnings: string[]; extendedKnown: boolean }> {
  let table: RawTable;
  try {
    table = await readTable(file, config.applications.sheet);
  } catch (err) {
    const message = err instanceof ZipRefusedError ? err.message : `无法读取文件：${err instanceof Error ? err.message : String(err)}`;
    throw new RegisterError(file, [{ row: null, column: null, message }]);
  }
  const { columns, problems } = mapHeaders(table, config.applications.headers);
  if (problems.length > 0) throw new RegisterError(file, problems);
  if (table.rows.length === 0) throw new RegisterError(file, [{ row: null, column: null, message: '文件中没有数据行' }]);

  const present = new Set(columns.keys());
  const schema = registerRowSchema(present);
  const matcher = new UnitMatcher(config.units);
  const header = (field: ApplicationField) => {
    const i = columns.get(field);
    return i === undefined ? HEADER_NAMES[field][0] : table.headers[i];
  };
  const rows: (RegisterRow & { row: number })[] = [];
  const seen = new Map<string, number>();
  for (const { row, cells } of table.rows) {
    const input = Object.fromEntries(APPLICATION_FIELDS.map((f) => {
      const i = columns.get(f);
      return [f, i === undefined ? null : (cells[i] ?? null)];
    }));
    if (!present.has('correction')) input.correction = inferredCorrection(input);
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ row, column: header(issue.path[0] as ApplicationField), message: issue.message });
      continue;
    }
    const r = parsed.data;
    if (!matcher.unitOf(r.unit)) problems.push({ row, column: header('unit'), message: `“${r.unit}”不是配置中的单位名称或别名` });
    const earlier = seen.get(r.code);
    if (earlier !== undefined) problems.push({ row, column: header('code'), message: `编号“${r.code}”与第 ${earlier} 行重复` });
    else seen.set(r.code, row);
    rows.push({ ...r, row });
  }
  if (problems.length > 0) throw new RegisterError(file, problems);
  return { rows, encoding: table.encoding, warnings: missingColumnWarnings(present), extendedKnown: present.has('extended') };
}

/**
 * `zwgk import applications FILE`: validates the whole file, then stores every case in one
 * transaction, updating cases by 编号. A file with any bad row stores nothing.
 */
export async function importRegister(db: Db, file: string, config: DistrictConfig, at: Date): Promise<ImportResult> {
  const { rows, encoding, warnings: columnWarnings, extendedKnown } = await validateRegister(file, config);
  const calendar = new WorkCalendar(config.calendar);
  const years = new Set(rows.flatMap((r) => [r.received, r.correctionNotice, r.correctionReceived, r.replied])
    .filter((d): d is string => d !== null).map((d) => Number(d.slice(0, 4))));
  const warnings = [...columnWarnings, ...[...years].filter((y) => !calendar.isCovered(y)).sort()
    .map((y) => `${y} 年不在工作日日历中（请在配置 calendar.years 中补充该年的节假日和调休），该年的工作日将按普通周一至周五计算`)];

  const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
  const result: ImportResult = { rows: rows.length, inserted: 0, updated: 0, unchanged: 0, encoding, warnings };
  db.transaction(() => {
    const importId = Number(db.prepare(`INSERT INTO application_imports (file, sha256, imported_at, rows, inserted, updated, unchanged)
      VALUES (?, ?, ?, ?, 0, 0, 0)`).run(basename(file), sha256, at.toISOString(), rows.length).lastInsertRowid);
    const find = db.prepare('SELECT * FROM applications WHERE code = ?');
    const insert = db.prepare(`INSERT INTO applications (code, unit_name, received_on, correction, correction_notice_on, correction_received_on,
      extended, extended_known, replied_on, first_import, last_import, source_row) VALUES (@code, @unit, @received, @correction, @notice,
      @correctionReceived, @extended, @extendedKnown, @replied, @importId, @importId, @row)`);
    const update = db.prepare(`UPDATE applications SET unit_name = @unit, received_on = @received, correction = @correction,
      correction_notice_on = @notice, correction_received_on = @correctionReceived, extended = @extended, extended_known = @extendedKnown, replied_on = @replied,
      last_import = @importId, source_row = @row WHERE code = @code`);
    for (const r of rows) {
      const values = {
        code: r.code, unit: r.unit, received: r.received, correction: r.correction ? 1 : 0, notice: r.correctionNotice,
        correctionReceived: r.correctionReceived, extended: r.extended ? 1 : 0, extendedKnown: extendedKnown ? 1 : 0, replied: r.replied,
        importId, row: r.row,
      };
      const old = find.get(r.code) as Record<string, unknown> | undefined;
      if (!old) {
        insert.run(values);
        result.inserted++;
        continue;
      }
      const same = old.unit_name === values.unit && old.received_on === values.received && old.correction === values.correction &&
        old.correction_notice_on === values.notice && old.correction_received_on === values.correctionReceived &&
        old.extended === values.extended && old.extended_known === values.extendedKnown && old.replied_on === values.replied;
      update.run(values);
      if (same) result.unchanged++;
      else result.updated++;
    }
    db.prepare('UPDATE application_imports SET inserted = ?, updated = ?, unchanged = ? WHERE id = ?')
      .run(result.inserted, result.updated, result.unchanged, importId);
  })();
  return result;
}
