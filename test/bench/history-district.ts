import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { openApp, type App } from '../../src/app.js';
import type { Category } from '../../src/config/schema.js';
import type { ColumnObservation, FetchLog, LinkCheck } from '../../src/audit/observation.js';
import { ObservationsRepo } from '../../src/store/observations-repo.js';
import { MailboxRepo } from '../../src/store/mailbox-repo.js';
import { ManualEntriesRepo } from '../../src/manual/entries-repo.js';
import { recordEntry } from '../../src/manual/record.js';
import { entryRule, metChoices, type ManualValue } from '../../src/manual/values.js';
import { importRegister } from '../../src/applications/import-register.js';
import { addDays } from '../../src/time/dates.js';
import { SettableClock } from '../../src/time/clock.js';

/**
 * A 50-unit district with a year of nightly history, written through the store's own API (a run per
 * night, `saveUnit` per unit, the mailbox repo, register imports, manual entries) so that it keeps
 * meaning the same thing whatever the tables look like. Deterministic: the same shape gives the same history.
 */
export interface HistoryShape {
  units: number;
  columns: number;
  /** Nights crawled, ending on `lastNight`. */
  nights: number;
  lastNight: string;
}

export const PERIOD = { start: '2026-01-01', end: '2026-12-31' };
export const SCHEME_FILE = resolve(import.meta.dirname, '../../config/schemes/yanjiang-2021.yaml');
const ORIGIN = 'http://zwgk-bench.invalid';
const LIST_SIZE = 20;
const LINK_CHECKS = 3;

/** Per kind: the category and the mean days between two items. */
const KINDS: { name: string; category: Category; every: number }[] = [
  { name: '首页', category: 'homepage', every: 3 }, { name: '工作动态', category: 'news', every: 5 },
  { name: '部门动态', category: 'news', every: 8 }, { name: '通知公告', category: 'notice', every: 20 },
  { name: '公示公告', category: 'notice', every: 45 }, { name: '政策文件', category: 'policy', every: 40 },
  { name: '政策解读', category: 'policy', every: 70 }, { name: '规划计划', category: 'plan', every: 120 },
  { name: '人事信息', category: 'personnel', every: 60 }, { name: '财政预决算', category: 'finance', every: 90 },
  { name: '重点领域', category: 'key-area', every: 30 }, { name: '政府信息公开年报', category: 'annual-report', every: 365 },
  { name: '办事指南', category: 'guide', every: 200 }, { name: '机构职能', category: 'static', every: 400 },
  { name: '建议提案办理', category: 'key-area', every: 50 },
];
const UNIT_TYPES = ['town', 'subdistrict', 'department', 'department', 'approval-bureau'] as const;

/** A small seeded generator (mulberry32): the history is the same every time. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const unitId = (u: number) => `u${String(u).padStart(3, '0')}`;
const unitName = (u: number) => (UNIT_TYPES[u % UNIT_TYPES.length] === 'department' ? `区第${u}局` : `第${u}镇人民政府`);
const hash = (s: string) => createHash('sha256').update(s).digest('hex');

interface ColumnPlan {
  name: string;
  path: string;
  category: Category;
  /** Items oldest first. */
  items: { title: string; date: string; url: string }[];
  listEnd: 'horizon' | 'page-cap' | 'latest-only';
  blankFrom: string | null;
  /** One night in this many cannot be read (0: never). */
  failEvery: number;
}

function planColumn(u: number, c: number, shape: HistoryShape): ColumnPlan {
  const kind = KINDS[c % KINDS.length];
  const rnd = random(u * 1000 + c + 1);
  const path = `/${unitId(u)}/c${c}/`;
  // Some columns stop being updated at some point of the year; a few go blank.
  const stopsOn = rnd() < 0.2 ? addDays(PERIOD.start, Math.floor(rnd() * 330)) : null;
  const items: ColumnPlan['items'] = [];
  let n = 0;
  const push = (date: string, title: string) => items.push({ title, date, url: `${ORIGIN}${path}t${n++}.html` });
  if (kind.category === 'annual-report') {
    // Last year's report, due by 01-31: most on time, some late.
    for (const year of [2025, 2026]) push(addDays(`${year}-01-05`, Math.floor(rnd() * 40)), `${year - 1}年${unitName(u)}政府信息公开工作年度报告`);
  } else {
    for (let d = addDays('2025-06-01', Math.floor(rnd() * kind.every)); d <= shape.lastNight; d = addDays(d, Math.max(1, Math.round(kind.every * (0.4 + rnd() * 1.2))))) {
      if (stopsOn && d > stopsOn) break;
      push(d, `${unitName(u)}${kind.name}第${n + 1}期：关于${['安全生产', '乡村振兴', '营商环境', '防汛抗旱', '森林防火'][n % 5]}工作的通知`);
    }
  }
  return {
    name: `${kind.name}${c >= KINDS.length ? '二' : ''}`, path, category: kind.category, items,
    listEnd: kind.category === 'homepage' ? 'latest-only' : rnd() < 0.15 ? 'page-cap' : 'horizon',
    blankFrom: rnd() < 0.03 ? addDays(PERIOD.start, Math.floor(rnd() * 300)) : null,
    failEvery: rnd() < 0.1 ? 9 : 0,
  };
}

function observe(plan: ColumnPlan, columnId: string, night: string, nightNo: number, col: number): ColumnObservation {
  const entryUrl = `${ORIGIN}${plan.path}index.html`;
  const fetch = (over: Partial<FetchLog>): FetchLog => ({ purpose: 'list', url: entryUrl, finalUrl: entryUrl, outcome: 'ok', status: 200, elapsedMs: 40, viaBrowser: false, ...over });
  const base = { columnId, columnName: plan.name, entryUrl, finalUrl: entryUrl, shape: 'S1', undatedCount: 0, futureCount: 0, findings: [] };
  if (plan.failEvery > 0 && (nightNo + col) % plan.failEvery === 0) {
    return {
      ...base, status: 'unreachable', reason: '连接超时', items: [], pagesFetched: 0, listEnd: 'not-read', linkChecks: [],
      fetches: [fetch({ outcome: 'timeout', status: undefined, error: 'timeout after 15000 ms', elapsedMs: 15000 })],
    };
  }
  if (plan.blankFrom && night >= plan.blankFrom) {
    const evidence = hash(`blank${plan.path}`);
    return { ...base, status: 'blank', items: [], pagesFetched: 1, listEnd: 'not-read', evidence, linkChecks: [], fetches: [fetch({ evidence })] };
  }
  let shown = 0;
  while (shown < plan.items.length && plan.items[shown].date <= night) shown++;
  const listed = plan.items.slice(Math.max(0, shown - LIST_SIZE), shown).reverse();
  const evidence = hash(`${plan.path}#${shown}`);
  const items = listed.map((i) => ({ title: i.title, url: i.url, date: i.date, dateSource: 'list' as const, pinned: false }));
  // Links are opened as the incremental crawl does: the newest items when they are new, a link that
  // failed every night until it opens, the others on a weekly rotation. One item in 23 has a link that is gone.
  const gone = (url: string) => Number(/t(\d+)\.html$/.exec(url)![1]) % 23 === 7;
  const linkChecks: LinkCheck[] = items.slice(0, LINK_CHECKS)
    .filter((i, k) => i.date >= addDays(night, -1) || gone(i.url) || (nightNo + col + k) % 7 === 0)
    .map((i) => ({ url: i.url, title: i.title, outcome: gone(i.url) ? 'http-4xx' : 'ok', status: gone(i.url) ? 404 : 200, listEvidence: evidence }));
  const newest = items[0];
  return {
    ...base, status: 'ok', items, newest: newest && { date: newest.date, title: newest.title, url: newest.url }, pagesFetched: 1,
    listEnd: plan.listEnd, listEndNote: plan.listEnd === 'page-cap' ? '达到每个栏目最多读取的页数' : undefined, evidence,
    findings: plan.listEnd === 'page-cap' ? [{ kind: 'page-cap', pages: 20 }] : [],
    linkChecks, fetches: [fetch({ evidence }), ...linkChecks.map((l) => fetch({ purpose: 'link', url: l.url, finalUrl: l.url, outcome: l.outcome, status: l.status }))],
  };
}

/** Writes the district's config (YAML, as a user would) into `dir`; the database goes beside it. */
export function writeHistoryConfig(dir: string, shape: HistoryShape): string {
  const file = join(dir, 'district.yaml');
  const doc = {
    district: { name: '基准历史区', period: PERIOD, scheme: SCHEME_FILE, dataDir: dir },
    crawl: { browser: { enabled: false } },
    mailbox: [{ id: 'mayor', name: '区长信箱', url: `${ORIGIN}/mayor/list.html`, shape: 'M1' }],
    mail: { from: 'zwgk@example.gov.cn', office: ['office@example.gov.cn'] },
    units: Array.from({ length: shape.units }, (_, u) => ({
      id: unitId(u), name: unitName(u), type: UNIT_TYPES[u % UNIT_TYPES.length], emails: [`${unitId(u)}@example.gov.cn`],
      columns: Array.from({ length: shape.columns }, (_, c) => {
        const plan = planColumn(u, c, shape);
        const required = plan.category === 'annual-report'
          ? [{ label: '上一年度政府信息公开工作年度报告', title: '{prevYear}年.*政府信息公开工作年度报告', due: '01-31' }] : undefined;
        return { name: plan.name, url: `${ORIGIN}${plan.path}index.html`, category: plan.category, shape: 'S1', ...(required ? { required } : {}) };
      }),
    })),
  };
  writeFileSync(file, stringify(doc));
  return file;
}

/** Builds the district's year of history into `dir` (config and database); returns the config file. */
export async function buildHistory(dir: string, shape: HistoryShape, log: (line: string) => void = () => {}): Promise<string> {
  const configFile = writeHistoryConfig(dir, shape);
  const clock = new SettableClock(`${addDays(shape.lastNight, -shape.nights)}T17:30:00Z`);
  const app = openApp(configFile, clock);
  try {
    const units = app.loaded.config.units;
    const plans = units.map((_, u) => Array.from({ length: shape.columns }, (_, c) => planColumn(u, c, shape)));
    const repo = new ObservationsRepo(app.db);
    const mailbox = new MailboxRepo(app.db);
    const letters = letterPlan(shape, units.map((u) => u.name));
    const first = addDays(shape.lastNight, -(shape.nights - 1));
    for (let n = 0; n < shape.nights; n++) {
      const night = addDays(first, n);
      clock.set(`${addDays(night, -1)}T17:30:00Z`);
      const runId = repo.startRun(night, null, clock.now());
      units.forEach((unit, u) => {
        const resolution = repo.resolveColumns(unit);
        const observations = resolution.columns.map((r, c) => observe(plans[u][c], r.columnId, night, n, c));
        saveNight(repo, runId, unit.id, night, clock.now(), observations, resolution);
      });
      crawlMailbox(mailbox, letters, night, runId, clock.now());
      repo.finishRun(runId, 'done', new Date(clock.now().getTime() + 20 * 60_000));
      if (night.endsWith('-01') || n === shape.nights - 1) {
        await importApplications(app, dir, shape, night);
        enterManual(app, night);
      }
      if (n % 30 === 29) log(`  ${n + 1}/${shape.nights} nights written`);
    }
    app.db.pragma('wal_checkpoint(TRUNCATE)');
    return configFile;
  } finally {
    app.close();
  }
}

/**
 * `saveUnit` as the nightly run calls it. Where the store keeps observations as changes, the run hands
 * it the unit's history (`unitHistory`) so that an unchanged column extends its row: passed on when the repo has it.
 */
function saveNight(repo: ObservationsRepo, ...args: Parameters<ObservationsRepo['saveUnit']>): void {
  const history = (repo as { unitHistory?: (unitId: string) => unknown }).unitHistory?.call(repo, args[1]);
  (repo.saveUnit as (...a: unknown[]) => void).call(repo, ...args.slice(0, 6), ...(history === undefined ? [] : [history]));
}

interface PlannedLetter {
  key: string;
  title: string;
  handler: string;
  submitted: string;
  /** The night the reply is first seen (null: never answered). */
  repliedOn: string | null;
}

function letterPlan(shape: HistoryShape, handlers: string[]): PlannedLetter[] {
  const rnd = random(4242);
  const out: PlannedLetter[] = [];
  const first = addDays(shape.lastNight, -(shape.nights - 1));
  for (let n = 0; n < shape.nights; n++) {
    const day = addDays(first, n);
    for (let k = rnd() < 0.6 ? 2 : 1; k > 0; k--) {
      const wait = rnd() < 0.08 ? null : Math.floor(1 + rnd() * rnd() * 20);
      out.push({
        key: `L${out.length + 1}`, title: `关于${['道路修缮', '噪音扰民', '学校招生', '医保报销', '路灯不亮'][out.length % 5]}的问题`,
        handler: handlers[Math.floor(rnd() * handlers.length)], submitted: `${day} 0${Math.floor(rnd() * 9)}:15:00`,
        repliedOn: wait === null ? null : addDays(day, wait),
      });
    }
  }
  return out;
}

/** One night of the mayor's mailbox: new letters listed, their pages read, replies that appeared. */
function crawlMailbox(repo: MailboxRepo, letters: PlannedLetter[], night: string, runId: number, at: Date): void {
  const crawl = repo.startCrawl(runId, 'mayor', night, at);
  const fresh = letters.filter((l) => l.submitted.slice(0, 10) === night);
  const replied = letters.filter((l) => l.repliedOn === night);
  const row = (l: PlannedLetter, answered: boolean) => ({
    key: l.key, code: l.key, title: l.title, handler: l.handler, submittedAt: l.submitted, statusShown: answered ? '已回复' : '办理中',
    detail: { url: `${ORIGIN}/mayor/${l.key}.html` },
  });
  repo.saveListRows('mayor', [...fresh.map((l) => row(l, false)), ...replied.map((l) => row(l, true))], night, hash(`mayor${night}`));
  const stored = new Map(repo.letters('mayor').filter((s) => s.last_listed === night).map((s) => [s.letter_key, s.id]));
  for (const l of fresh) repo.saveDetail(stored.get(l.key)!, { found: true, title: l.title, handler: l.handler, submittedAt: l.submitted, reply: null }, night, undefined);
  for (const l of replied) {
    repo.saveDetail(stored.get(l.key)!, { found: true, title: l.title, handler: l.handler, submittedAt: l.submitted, reply: { at: `${night} 10:00:00`, by: l.handler, text: `您好，${l.title}已处理。` } }, night, undefined);
  }
  repo.finishCrawl(crawl, {
    status: 'ok', reason: null, listComplete: true, listPages: 1, lettersListed: fresh.length + replied.length, newLetters: fresh.length,
    detailsFetched: fresh.length + replied.length, detailsFailed: 0, detailsDeferred: 0, statedTotal: null,
  }, at);
}

/** The office imports the whole register (a CSV export) once a month. */
async function importApplications(app: App, dir: string, shape: HistoryShape, upTo: string): Promise<void> {
  const rnd = random(777);
  const rows = ['编号,受理单位,申请日期,答复日期'];
  const units = app.loaded.config.units;
  for (let k = 0, day = PERIOD.start; day <= upTo; k++, day = addDays(day, 1 + Math.floor(rnd() * 3))) {
    const unit = units[Math.floor(rnd() * Math.min(units.length, shape.units))];
    const replied = addDays(day, 3 + Math.floor(rnd() * 25));
    rows.push(`YS-${k + 1},${unit.name},${day},${replied <= upTo ? replied : ''}`);
  }
  const file = join(dir, `register-${upTo}.csv`);
  writeFileSync(file, `${rows.join('\n')}\n`);
  await importRegister(app.db, file, app.loaded.config, app.clock.now());
}

/** Every month the office enters the manual items of a few units, validated as `zwgk manual set` does. */
function enterManual(app: App, night: string): void {
  const { config, scheme } = app.loaded;
  const repo = new ManualEntriesRepo(app.db);
  const month = Number(night.slice(5, 7));
  const ctx = { scheme, units: config.units, repo, who: '基准录入员', now: app.clock.now(), source: 'cli' };
  config.units.forEach((unit, u) => {
    if (u % 4 !== month % 4) return;
    for (const item of scheme.items) {
      const rule = entryRule(item, unit.type);
      if (rule.kind !== 'rule') continue;
      const max = (item as { max?: number }).max ?? 1;
      const value: ManualValue = rule.input === 'count' ? { count: (u + month) % 3 }
        : rule.input === 'met' ? { met: metChoices(rule.rule, unit.type).filter((_, i) => (i + u + month) % 3 !== 0).map((c) => c.id) }
          : { points: Math.max(0, max - ((u + month) % 3)), reason: `第${month}月检查情况` };
      recordEntry(ctx, { unitId: unit.id, itemNo: item.no, value, evidence: null });
    }
  });
}
