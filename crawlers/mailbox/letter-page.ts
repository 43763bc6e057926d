import type { CheerioAPI } from 'cheerio';
import type { LetterDetail, LetterReply } from './types.js';
import { labelled, labelValues } from './letter-table.js';
import { parseDateTime } from './words.js';

const LABELS = {
  code: /^(信件|办件|受理|留言|来信)?(编号|单号)$|^查询码$/,
  title: /^(信件|来信|留言|诉求)?(标题|主题)$/,
  type: /^(信件|来信|留言|诉求)?(类型|类别|分类)$/,
  submitted: /^(提交|写信|来信|留言|发信|信件|咨询|投诉|登记|反映|诉求)(时间|日期)$/,
  handler: /^(受理|承办|主办|交办|提交|转办|办理|处理)(单位|部门|机构)$/,
  status: /^(办理|处理|回复|答复|信件)?(状态|情况)$/,
  satisfaction: /满意度|^(评价|评价结果|满意情况)$/,
  replied: /^(答复|回复|办结|反馈)(时间|日期)$/,
  replyText: /^(答复|回复|办理|处理|反馈)(内容|意见|结果|情况)$/,
  replyBy: /^(答复|回复|反馈)(单位|部门|机构|人)$/,
};

/** A letter page read by its labels (`答复时间：…`, `<th>回复内容</th><td>…</td>`). */
export function labelledLetter($: CheerioAPI, reply?: LetterReply | null): LetterDetail {
  const v = labelValues($);
  const get = (re: RegExp) => {
    const value = labelled(v, re);
    return value ? value : undefined;
  };
  const submittedAt = parseDateTime(get(LABELS.submitted)) ?? undefined;
  const replyText = get(LABELS.replyText);
  const repliedAt = parseDateTime(get(LABELS.replied));
  const replyBy = get(LABELS.replyBy);
  const found = reply ?? ((replyText || repliedAt) ? { at: repliedAt, text: replyText ?? '', ...(replyBy ? { by: replyBy } : {}) } : null);
  const detail: LetterDetail = {
    found: false,
    code: get(LABELS.code),
    title: get(LABELS.title),
    typeShown: get(LABELS.type),
    submittedAt,
    handler: get(LABELS.handler) ?? found?.by,
    statusShown: get(LABELS.status),
    satisfactionShown: get(LABELS.satisfaction),
    reply: found,
  };
  detail.found = Boolean(detail.title || detail.submittedAt || detail.reply);
  return Object.fromEntries(Object.entries(detail).filter(([, x]) => x !== undefined)) as unknown as LetterDetail;
}
