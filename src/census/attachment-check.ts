/** Why a downloaded attachment would not open, judged from its bytes and type; undefined when it looks whole. */
export function attachmentProblem(path: string, body: Buffer, contentType: string | undefined): string | undefined {
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase() ?? '';
  const head = body.subarray(0, 512).toString('latin1').trimStart().toLowerCase();
  if (body.length === 0) return '附件为空文件';
  if (/^text\/html/i.test(contentType ?? '') || head.startsWith('<!doctype') || head.startsWith('<html') || head.startsWith('<head')) {
    return '附件地址返回的是网页（可能是错误页），不是文件';
  }
  const tail = body.subarray(Math.max(0, body.length - 65_557));
  switch (ext) {
    case 'pdf':
      if (!body.subarray(0, 1024).toString('latin1').includes('%PDF-')) return '不是 PDF 文件';
      if (!body.subarray(Math.max(0, body.length - 2048)).toString('latin1').includes('%%EOF')) return 'PDF 文件不完整（缺少文件结尾）';
      return undefined;
    case 'docx': case 'xlsx': case 'zip':
      if (body.readUInt32LE(0) !== 0x04034b50) return `不是 ${ext.toUpperCase()} 文件（缺少压缩包文件头）`;
      // The end-of-central-directory record: a cut download loses it first.
      if (tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])) < 0) return `${ext.toUpperCase()} 文件不完整（压缩包目录缺失）`;
      return undefined;
    case 'doc': case 'xls': case 'wps': case 'et':
      // OLE2 compound files; a .doc/.xls saved as docx/xlsx (a zip) also opens.
      if (body.length >= 8 && (body.readUInt32BE(0) === 0xd0cf11e0 || body.readUInt32LE(0) === 0x04034b50)) return undefined;
      return `不是 ${ext.toUpperCase()} 文件`;
    default:
      return undefined;
  }
}
