import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import ExcelJS from 'exceljs';
import { checkZip, checkZipFileSize, ZIP_LIMITS, type ZipLimits } from './zip-guard.js';

/**
 * Loads an XLSX file that came from outside (a register, a filled-in form). It is checked by the zip
 * guard before exceljs sees it: exceljs unpacks every entry whole, without any limit.
 */
export async function readWorkbook(file: string, limits: ZipLimits = ZIP_LIMITS): Promise<ExcelJS.Workbook> {
  const name = basename(file);
  checkZipFileSize((await stat(file)).size, name, limits);
  const bytes = await readFile(file);
  checkZip(bytes, name, limits);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer); // exceljs declares its own Buffer type
  return workbook;
}
