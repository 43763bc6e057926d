export const COLUMN_STATUS_ZH: Record<string, string> = {
  ok: '正常', stale: '超期未更新', blank: '空白栏目', redirect: '跳转无内容', unreachable: '无法访问', blocked: '被反爬拦截', unparsed: '无法识别', unchecked: '尚未检查',
};

export const ITEM_STATUS_ZH: Record<string, string> = {
  scored: '', pending: '待录入', partial: '部分待定', 'not-applicable': '不适用', invalid: '需重新录入', part: '',
};

export const VETO_STATUS_ZH: Record<string, string> = { veto: '触发否决', ok: '未触发', unknown: '无法判断' };
