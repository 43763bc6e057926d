/** Content findings in the words a unit and the office read. Personal numbers are stored masked, so nothing here can show one whole. */
import type { ContentFindingForVeto } from '../src/scoring/national-checks.js';

export interface ContentFindingView extends ContentFindingForVeto {
  pageTitle: string | null;
  evidence: string | null;
}

export const CONTENT_CATEGORY_ZH: Record<string, string> = {
  'leader-name': '领导人姓名错误', 'leader-title': '领导人职务错误', 'retired-agency': '使用已撤销的机构名称',
  phrase: '错别字', usage: '用词不当', 'id-number': '未脱敏的身份证号', mobile: '未脱敏的手机号', 'bank-card': '未脱敏的银行卡号',
};

export function contentFindingLine(f: ContentFindingView): string {
  const what = CONTENT_CATEGORY_ZH[f.category] ?? f.category;
  const fix = f.expected ? `，应为「${f.expected}」` : '，请脱敏（如只显示前后几位）或删除';
  const page = f.pageTitle ? `「${f.pageTitle}」` : '';
  return `${f.severity === 'serious' ? '【严重表述错误】' : ''}${what}：「${f.matched}」${fix}。原句：${f.sentence}（页面${page} ${f.pageUrl}）`;
}
