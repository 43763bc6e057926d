import type { Lexicon } from './lexicon.js';
import { excerpt, inRanges, occurrences, quotedRanges, sentences } from './sentences.js';

/** `serious`: a 严重表述错误 (veto candidate); `deduction`: a typo or outdated wording (points off). */
export type Severity = 'serious' | 'deduction';
export type WordingCategory = 'leader-name' | 'leader-title' | 'retired-agency' | 'phrase' | 'usage';

export interface WordingHit {
  category: WordingCategory;
  severity: Severity;
  /** Stable id of the lexicon rule, for the allowlist. */
  rule: string;
  sentence: string;
  matched: string;
  expected: string;
}

/** A leader's misspelt name is reported only in a sentence that speaks of a leader (a namesake is not one). */
const LEADER_CONTEXT = /书记|主席|总理|委员长|同志|讲话|指示|批示|主持|会见|考察|调研|省长|常委|中央|思想|精神/u;
/** Words that mark a sentence as telling history: an old agency name is right there. */
const HISTORY = /前身|更名|改名|组建|机构改革|撤销|不再保留|划入|整合为|当时|曾经|曾任|历任|原来/u;
/** A retired name followed by one of these is part of another word (农业部门, 文化部署, 国土资源部长). */
const AGENCY_WORD_TAIL = new Set(['门', '分', '署', '落', '件', '位', '队', '长', '委', '属', '类', '首']);

export interface CompiledLexicon {
  lexicon: Lexicon;
  patterns: { id: string; re: RegExp; expected: string }[];
  /** Every literal the rules look for, and the patterns, as one expression: most sentences match nothing and are passed over at once. */
  any: RegExp;
}

export function compileLexicon(lexicon: Lexicon): CompiledLexicon {
  const literals = [
    ...lexicon.leaders.flatMap((l) => [...l.misspellings, ...l.wrongTitles.flatMap((t) => [`${t}${l.name}`, `${l.name}${t}`])]),
    ...lexicon.agencies.map((a) => a.name),
    ...lexicon.phrases.map((p) => p.wrong),
  ].map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const any = new RegExp([...literals, ...lexicon.patterns.map((p) => `(?:${p.regex})`)].join('|') || '(?!)', 'u');
  return { lexicon, patterns: lexicon.patterns.map((p) => ({ id: p.id, re: new RegExp(p.regex, 'gu'), expected: p.expected })), any };
}

/**
 * Wording errors and typos in a text published on `date` (null: unknown, so date-bound rules stay
 * quiet). Precision first: text inside 《》 is never reported, names inside longer words are not either.
 */
export function checkWording(text: string, date: string | null, compiled: CompiledLexicon): WordingHit[] {
  const { lexicon } = compiled;
  const hits: WordingHit[] = [];
  if (!compiled.any.test(text)) return hits;
  for (const { text: s } of sentences(text)) {
    if (!compiled.any.test(s)) continue;
    const quoted = quotedRanges(s);
    // One error is reported once: a match overlapping an earlier one (贯切落实 / 认真贯切) is the same error.
    const spans: [number, number][] = [];
    const add = (at: number, hit: Omit<WordingHit, 'sentence'>) => {
      const end = at + hit.matched.length;
      if (inRanges(quoted, at) || spans.some(([a, b]) => at < b && end > a)) return;
      spans.push([at, end]);
      hits.push({ ...hit, sentence: excerpt(s, at) });
    };
    for (const leader of lexicon.leaders) {
      for (const wrong of leader.misspellings) {
        if (!LEADER_CONTEXT.test(s)) break;
        for (const at of occurrences(s, wrong)) {
          add(at, { category: 'leader-name', severity: 'serious', rule: `leader-name:${wrong}`, matched: wrong, expected: correctName(wrong, leader.name) });
        }
      }
      for (const title of leader.wrongTitles) {
        for (const at of occurrences(s, `${title}${leader.name}`)) {
          if (s[at - 1] === '副' || nameContinues(s, at + title.length + leader.name.length)) continue;
          add(at, { category: 'leader-title', severity: 'serious', rule: `leader-title:${leader.name}:${title}`, matched: `${title}${leader.name}`, expected: `${leader.name}（${leader.posts.join('、')}）` });
        }
        for (const at of occurrences(s, `${leader.name}${title}`)) {
          // A two-character name may be the end of a longer one (张李强): then only after punctuation or a connecting word.
          if (leader.name.length <= 2 && isCjk(s[at - 1]) && !/[，、。：；（“‘的和与及为是在由同向对了]/u.test(s[at - 1])) continue;
          add(at, { category: 'leader-title', severity: 'serious', rule: `leader-title:${leader.name}:${title}`, matched: `${leader.name}${title}`, expected: `${leader.name}（${leader.posts.join('、')}）` });
        }
      }
    }
    if (date) {
      for (const agency of lexicon.agencies) {
        if (date.slice(0, 7) < agency.until) continue;
        const untilYear = Number(agency.until.slice(0, 4));
        for (const at of occurrences(s, agency.name)) {
          const tail = s[at + agency.name.length];
          if (tail && (AGENCY_WORD_TAIL.has(tail) || agency.notFollowedBy.includes(tail))) continue;
          if (s[at - 1] === '原' || s[at - 1] === '前') continue;
          if (HISTORY.test(s) || yearsIn(s).some((y) => y <= untilYear)) continue;
          add(at, { category: 'retired-agency', severity: 'deduction', rule: `retired-agency:${agency.name}`, matched: agency.name, expected: agency.now });
        }
      }
    }
    for (const phrase of lexicon.phrases) {
      for (const at of occurrences(s, phrase.wrong)) {
        if (phrase.notPrecededBy.includes(s[at - 1] ?? '') || phrase.notFollowedBy.includes(s[at + phrase.wrong.length] ?? '')) continue;
        add(at, { category: 'phrase', severity: 'deduction', rule: `phrase:${phrase.wrong}`, matched: phrase.wrong, expected: phrase.right });
      }
    }
    for (const p of compiled.patterns) {
      p.re.lastIndex = 0;
      for (let m = p.re.exec(s); m; m = p.re.exec(s)) {
        add(m.index, { category: 'usage', severity: 'deduction', rule: `usage:${p.id}`, matched: m[0], expected: p.expected });
        if (m[0].length === 0) p.re.lastIndex++;
      }
    }
  }
  return hits;
}

/** The misspelling with the name's correct form (a misspelling may carry a word: 王晓辉书记 → 王晓晖书记). */
function correctName(wrong: string, name: string): string {
  return wrong.length > name.length ? name + wrong.slice(name.length) : name;
}

function isCjk(ch: string | undefined): boolean {
  return ch !== undefined && /\p{Script=Han}/u.test(ch);
}

/** After a title and a two-character name, another name character means a different, longer name (总理李强国). */
function nameContinues(s: string, at: number): boolean {
  const next = s[at];
  return isCjk(next) && !/[同在主出会强指表讲到对就的和与、，。：；（“]/u.test(next) && !/^(?:同志|在|主持|出席|会见|强调|指出|表示|讲话|到|对|就|的|和|与|考察|调研|签署|发表|视察|参加|宣布|听取|率领|作|代表)/u.test(s.slice(at));
}

/** Four-digit years (19xx, 20xx) written with 年 in a sentence. */
function yearsIn(s: string): number[] {
  return [...s.matchAll(/(19|20)\d{2}(?=年)/gu)].map((m) => Number(m[0]));
}
