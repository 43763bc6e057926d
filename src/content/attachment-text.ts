import { checkZip, ZIP_LIMITS } from '../files/zip-guard.js';

export type AttachmentKind = 'xlsx' | 'docx' | 'pdf';

/** The attachment kinds whose text is read, by the link's file extension. */
export function attachmentKind(url: string): AttachmentKind | null {
  let path: string;
  try {
    path = new URL(url).pathname.toLowerCase();
  } catch {
    return null;
  }
  const m = /\.(xlsx|docx|pdf)$/.exec(path);
  return m ? (m[1] as AttachmentKind) : null;
}

export interface ExtractLimits {
  maxBytes: number;
  timeoutMs: number;
}

/**
 * The text of an xlsx (every cell, a row a line), docx (mammoth) or pdf (unpdf) from outside. Zips pass the
 * zip-bomb guard first; a file over the size cap or a reading that takes too long is refused with the
 * reason (Chinese), never half-read. Libraries are loaded only when such a file is met.
 */
export async function attachmentText(bytes: Buffer, kind: AttachmentKind, name: string, limits: ExtractLimits): Promise<string> {
  if (bytes.length > limits.maxBytes) throw new Error(`附件「${name}」超过 ${limits.maxBytes} 字节的上限，未读取`);
  if (kind !== 'pdf') checkZip(bytes, name, { ...ZIP_LIMITS, maxFileBytes: Math.min(ZIP_LIMITS.maxFileBytes, limits.maxBytes) });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`附件「${name}」在 ${limits.timeoutMs} 毫秒内未能读出文字，已放弃`)), limits.timeoutMs);
  });
  try {
    return await Promise.race([extract(bytes, kind), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function extract(bytes: Buffer, kind: AttachmentKind): Promise<string> {
  if (kind === 'xlsx') {
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const lines: string[] = [];
    // A row a line, each cell after its column's header (the first row): 银行卡号：6217…, so a number keeps its context.
    workbook.eachSheet((sheet) => {
      const headers = new Map<number, string>();
      sheet.eachRow((row, rowNo) => {
        const cells: string[] = [];
        row.eachCell((cell, col) => {
          const text = cellText(cell.value);
          if (rowNo === 1) headers.set(col, text);
          cells.push(rowNo > 1 && headers.get(col) ? `${headers.get(col)}：${text}` : text);
        });
        lines.push(cells.join('，'));
      });
    });
    return lines.join('\n');
  }
  if (kind === 'docx') {
    const mammoth = await import('mammoth');
    return (await (mammoth.default ?? mammoth).extractRawText({ buffer: bytes })).value;
  }
  const { extractText, getDocumentProxy } = await import('unpdf');
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  try {
    const { text } = await extractText(pdf, { mergePages: false });
    return text.join('\n');
  } finally {
    await pdf.destroy();
  }
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown };
    if (v.richText) return v.richText.map((r) => r.text).join('');
    if (v.text !== undefined) return String(v.text);
    if (v.result !== undefined) return String(v.result);
    if (value instanceof Date) return value.toISOString().slice(0, 10);
  }
  return String(value);
}
