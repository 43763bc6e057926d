import { describe, expect, it } from 'vitest';
import { attachmentKind, attachmentText } from '../src/content/attachment-text.js';
import { docxFile, pdfFile, xlsxFile } from './attachment-builders.js';
import { deflatedZeros, zipArchive } from './zip-builder.js';

const LIMITS = { maxBytes: 10 * 1024 * 1024, timeoutMs: 20_000 };

describe('attachment text', () => {
  it('reads xlsx cells after their column header, docx paragraphs and pdf text', async () => {
    const xlsx = await xlsxFile([['姓名', '银行卡号'], ['张三', '6217001234567890123']]);
    expect(await attachmentText(xlsx, 'xlsx', '名单.xlsx', LIMITS)).toContain('姓名：张三，银行卡号：6217001234567890123');
    const docx = docxFile(['第一段：申请人李四。', '第二段。']);
    expect(await attachmentText(docx, 'docx', '申请.docx', LIMITS)).toMatch(/申请人李四。\s+第二段。/);
    const pdf = pdfFile(['Applicant 13712345678', 'Second line']);
    expect(await attachmentText(pdf, 'pdf', 'a.pdf', LIMITS)).toMatch(/Applicant 13712345678\s+Second line/);
  });

  it('refuses a zip bomb, an oversized file and a broken file with the file named', async () => {
    const bomb = zipArchive([await deflatedZeros('word/document.xml', 100 * 1024 * 1024)]);
    await expect(attachmentText(bomb, 'docx', '炸弹.docx', LIMITS)).rejects.toThrow(/炸弹\.docx.*(压缩炸弹|上限)/);
    await expect(attachmentText(Buffer.alloc(2048), 'pdf', '大.pdf', { ...LIMITS, maxBytes: 1024 })).rejects.toThrow('附件「大.pdf」超过 1024 字节的上限');
    await expect(attachmentText(Buffer.from('not a pdf'), 'pdf', '坏.pdf', LIMITS)).rejects.toThrow();
  });

  it('knows the kind by the link\'s extension only', () => {
    expect(attachmentKind('http://x.gov.cn/a/b/%E5%90%8D%E5%8D%95.XLSX')).toBe('xlsx');
    expect(attachmentKind('http://x.gov.cn/a.pdf?download=1')).toBe('pdf');
    expect(attachmentKind('http://x.gov.cn/a.doc')).toBeNull();
    expect(attachmentKind('not a url')).toBeNull();
  });
});
