/**
 * Title patterns of the demo district's columns: plausible, fictional. `{u}` is the unit's short name,
 * `{y}` the item's year, `{m}` its month, `{n}` a running number (see `series`).
 */
export const NEWS = [
  '{u}召开{m}月份安全生产工作例会',
  '{u}开展森林防火宣传活动',
  '{u}组织开展防汛应急演练',
  '{u}推进高标准农田建设项目',
  '{u}开展农村人居环境整治“回头看”',
  '{u}走访慰问困难群众和退役军人',
  '{u}开展食品安全专项检查',
  '{u}召开重点项目建设推进会',
  '{u}开展消防安全进社区宣传',
  '{u}举办老年人防范电信诈骗讲座',
  '{u}举办{y}年第{n}期干部业务培训班',
  '{u}党委理论学习中心组开展专题学习',
  '{u}开展城乡环境卫生集中整治行动',
  '{u}召开政务公开工作推进会',
];

export const NOTICES = [
  '关于{y}年度征兵报名的通告',
  '关于开展燃气安全隐患排查整治的通知',
  '关于调整便民服务中心办公时间的公告',
  '关于做好秸秆禁烧工作的通告',
  '关于做好{y}年城乡居民医疗保险参保缴费工作的通知',
  '关于开展第{n}批农村危房改造申报的公告',
  '关于{m}月份辖区部分路段停水检修的通知',
  '关于{m}月份低保资金发放情况的公示',
  '关于开展{y}年度耕地地力保护补贴申报的通知',
];

export const POLICIES = [
  '{u}关于印发《{y}年政务公开工作要点》的通知',
  '{u}关于印发《农村人居环境整治提升实施方案》的通知',
  '{u}关于进一步加强安全生产工作的意见',
  '{u}关于印发《突发事件总体应急预案》的通知',
  '{u}关于印发《优化营商环境若干措施》的通知',
  '{u}关于做好{y}年防汛抗旱工作的通知',
];

export const PLANS = [
  '{u}{y}年重点工作计划',
  '{u}{y}年重点项目投资计划',
  '{u}关于{y}年上半年工作总结和下半年工作安排的报告',
  '{u}“十五五”规划编制工作方案',
];

export const PERSONNEL = [
  '{u}{y}年公开招聘编外工作人员公告',
  '{u}拟任职干部公示',
  '{u}{y}年公益性岗位招聘公告',
  '{u}公开招聘社区工作者拟聘用人员公示',
];

export const KEY_AREAS = [
  '{m}月份城乡低保对象名单公示',
  '{y}年第{n}批高龄津贴发放名单公示',
  '{u}农村危房改造补助对象公示',
  '{u}{y}年耕地地力保护补贴发放公示',
  '{u}临时救助对象公示（第{n}批）',
];

export const GUIDES = [
  '{u}居民最低生活保障申请办事指南',
  '{u}残疾人两项补贴申请办事指南',
  '{u}临时救助申请办事指南',
  '{u}《准予迁移证明》办理指南',
];

/** The topics with the unit's short name filled in. */
export function forUnit(topics: readonly string[], unit: string): string[] {
  return topics.map((t) => t.replaceAll('{u}', unit));
}

/** Last year's (or `year`'s) annual disclosure report of a unit. */
export function annualReport(unitFullName: string, year: number): string {
  return `${year}年${unitFullName}政府信息公开工作年度报告`;
}
