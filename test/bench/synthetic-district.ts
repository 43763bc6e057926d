import { addDays } from '../../src/time/dates.js';
import type { Category } from '../../src/config/schema.js';

/**
 * A synthetic district for the crawl benchmark: every unit has the same number of TRS classic (S1)
 * columns, each with the same number of list pages of about 50 KB (navigation, sidebar, footer and
 * inline scripts around a `ul.u-list` of 25 items), dated so that every page is needed before the
 * horizon stop rule ends a column.
 */
export interface DistrictShape {
  units: number;
  columns: number;
  pages: number;
}

export const AS_OF = '2026-11-20';
export const PERIOD_START = '2026-01-01';
export const ITEMS_PER_PAGE = 25;
/** Days between two items of a column: 3 pages × 25 items × 3 days stay within every cadence's horizon. */
const ITEM_EVERY_DAYS = 3;
/** Categories with a cadence of at least 14 days: their horizon lies before the oldest item. */
const CATEGORIES: { name: string; slug: string; category: Category }[] = [
  { name: '工作动态', slug: 'gzdt', category: 'news' },
  { name: '通知公告', slug: 'tzgg', category: 'notice' },
  { name: '政策文件', slug: 'zcwj', category: 'policy' },
  { name: '规划计划', slug: 'ghjh', category: 'plan' },
  { name: '人事信息', slug: 'rsxx', category: 'personnel' },
  { name: '财政预决算', slug: 'czyjs', category: 'finance' },
  { name: '重点领域', slug: 'zdly', category: 'key-area' },
];

export interface SyntheticColumn {
  name: string;
  path: string;
  category: Category;
}

export function unitId(u: number): string {
  return `unit-${String(u).padStart(3, '0')}`;
}

export function columnsOf(u: number, shape: DistrictShape): SyntheticColumn[] {
  return Array.from({ length: shape.columns }, (_, c) => {
    const kind = CATEGORIES[(u + c) % CATEGORIES.length];
    return { name: `${kind.name}${c + 1}`, path: `/${unitId(u)}/${kind.slug}${c}/`, category: kind.category };
  });
}

export function pageFile(page: number): string {
  return page === 0 ? 'index.html' : `index_${page}.html`;
}

const SUBJECTS = ['镇政府', '区农业农村局', '街道办事处', '区财政局', '区人力资源和社会保障局', '区住房和城乡建设局', '区应急管理局', '区市场监督管理局'];
const ACTIONS = ['召开', '印发', '开展', '部署', '公示', '通报', '转发', '组织'];
const TOPICS = ['第四季度安全生产大检查工作', '政务公开工作要点', '农村人居环境整治提升行动', '秋冬季森林防火宣传', '城乡居民医疗保险参保缴费',
  '优化营商环境专项行动', '防汛抗旱应急演练', '重点项目建设推进会', '高标准农田建设项目', '老旧小区改造工程'];

function title(seed: number): string {
  return `${SUBJECTS[seed % SUBJECTS.length]}${ACTIONS[(seed >> 3) % ACTIONS.length]}关于${TOPICS[(seed >> 6) % TOPICS.length]}的通知（第${seed % 97}号）`;
}

const NAV = Array.from({ length: 16 }, (_, i) => `
  <li class="nav-item"><a href="/xxgk/nav${i}/" target="_blank">导航栏目${i}</a>
    <ul class="sub">${Array.from({ length: 11 }, (_, j) => `<li><a href="/xxgk/nav${i}/sub${j}/index.html" title="二级栏目${i}-${j}">二级栏目${i}-${j}</a></li>`).join('')}</ul>
  </li>`).join('');

const SIDEBAR = Array.from({ length: 80 }, (_, i) =>
  `<li class="${i % 7 === 0 ? 'on' : ''}"><a href="/xxgk/fdzdgknr/lm${i}/index.html"><i class="icon"></i><span>法定主动公开内容栏目${i}</span></a></li>`).join('\n');

const FOOTER_LINKS = Array.from({ length: 30 }, (_, i) => `<a href="http://www.gov${i}.example.cn/" target="_blank" rel="noopener">相关网站${i}</a>`).join(' | ');

const INLINE_SCRIPT = `<script type="text/javascript">
var _hmt = _hmt || [];
${Array.from({ length: 60 }, (_, i) => `function menuToggle${i}(el){var o=document.getElementById("sub${i}");if(o){o.style.display=o.style.display==="none"?"block":"none";}return false;}`).join('\n')}
</script>`;

const HEAD = `<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="SiteName" content="某区人民政府"><meta name="SiteDomain" content="www.example.gov.cn"><meta name="SiteIDCode" content="0000000000">
${Array.from({ length: 8 }, (_, i) => `<link rel="stylesheet" type="text/css" href="/images/style${i}.css">`).join('\n')}
${Array.from({ length: 6 }, (_, i) => `<script type="text/javascript" src="/js/lib${i}.js"></script>`).join('\n')}`;

/** List pages of a column that gained `published` items after the first night: a new item pushes the others down. */
export function pagesOf(shape: DistrictShape, published = 0): number {
  return Math.ceil((shape.pages * ITEMS_PER_PAGE + published) / ITEMS_PER_PAGE);
}

/**
 * One list page of one column; `version` changes every title, so a new version is a changed page.
 * `published` are the dates of the items the column gained after the first night, newest first: they
 * head the list and shift every older item down, as a CMS does, so every page changes and a last one appears.
 */
export function listPage(u: number, c: number, page: number, shape: DistrictShape, version = 1, published: readonly string[] = []): string {
  const column = columnsOf(u, shape)[c];
  const first = page * ITEMS_PER_PAGE;
  const offset = (u * 7 + c) % 5;
  const total = shape.pages * ITEMS_PER_PAGE + published.length;
  const rows: string[] = [];
  for (let i = 0; i < ITEMS_PER_PAGE && first + i < total; i++) {
    const n = first + i;
    // A new item's id counts from the oldest new one, so it keeps its URL as later ones push it down.
    const fresh = n < published.length;
    const id = fresh ? `x${published.length - 1 - n}` : String(n - published.length);
    const date = fresh ? published[n] : addDays(AS_OF, -(offset + (n - published.length) * ITEM_EVERY_DAYS));
    const full = title(u * 7919 + c * 131 + (fresh ? 100_000 + published.length - n : n - published.length) * 17 + version);
    const shown = full.length > 24 ? `${full.slice(0, 24)}…` : full;
    const href = `./${date.slice(0, 7).replace('-', '')}/t${date.replaceAll('-', '')}_${u}${c}${id}.html`;
    const related = n % 6 === 2 ? `\n    <ul class="related"><li><a href="./jd/t${n}.html">【图解】${shown}</a></li></ul>` : '';
    rows.push(`  <li><a href="${href}" target="_blank" title="${full}">${shown}</a>${related}<span>${date.replaceAll('-', '/')}</span></li>`);
    if (i % 5 === 4) rows.push('  <li class="empty"></li>');
  }
  return `<!DOCTYPE html>
<html lang="zh-CN"><head>
${HEAD}
<meta name="ColumnName" content="${column.name}"><meta name="ColumnType" content="${column.category}">
<title>${column.name}_某区人民政府信息公开</title>
</head>
<body>
<div class="header"><div class="logo"><a href="/"><img src="/images/logo.png" alt="某区人民政府"></a></div>
<ul class="nav">${NAV}</ul></div>
<div class="main clearfix">
<div class="left"><h3>信息公开目录</h3><ul class="side-nav">
${SIDEBAR}
</ul></div>
<div class="right">
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk/">政府信息公开</a> &gt; <span>${column.name}</span></div>
<div class="list-box">
<ul class="u-list">
${rows.join('\n')}
</ul>
<div class="page"><script type="text/javascript">createPageHTML(${pagesOf(shape, published.length)}, ${page}, "index", "html");</script></div>
</div></div></div>
<div class="footer"><div class="links">${FOOTER_LINKS}</div>
<p>主办：某区人民政府办公室　承办：某区大数据中心　网站标识码：0000000000　备案号：某ICP备00000000号</p></div>
${INLINE_SCRIPT}
</body></html>`;
}
