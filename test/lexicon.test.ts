import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundledLexiconFiles, districtLexicon, loadLexicon } from '../src/content/lexicon.js';
import { checkWording, compileLexicon } from '../src/content/wording-check.js';
import { ConfigError } from '../src/config/errors.js';

const lexicon = compileLexicon(loadLexicon(bundledLexiconFiles(), '/'));
const check = (text: string, date: string | null = '2026-10-12') => checkWording(text, date, lexicon);

describe('leaders: names and posts (严重表述错误)', () => {
  it('reports a misspelt leader name as serious, with the sentence and the correct form', () => {
    const hits = check('会议传达学习了习进平总书记在四川考察时的重要讲话精神。');
    expect(hits).toEqual([expect.objectContaining({
      category: 'leader-name', severity: 'serious', matched: '习进平', expected: '习近平',
      sentence: '会议传达学习了习进平总书记在四川考察时的重要讲话精神。',
    })]);
  });

  it('reports a wrong post written next to a leader, in either order, but not the right one', () => {
    expect(check('国务院副总理李强主持召开国务院常务会议。')).toEqual([expect.objectContaining({ category: 'leader-title', matched: '副总理李强' })]);
    expect(check('李强总书记到企业调研。')).toEqual([expect.objectContaining({ category: 'leader-title', matched: '李强总书记' })]);
    expect(check('国务院总理李强主持召开国务院常务会议。')).toEqual([]);
    expect(check('国务院副总理丁薛祥出席会议并讲话。')).toEqual([]);
    expect(check('丁薛祥副总理出席会议。')).toEqual([]);
  });

  it('stays quiet on a namesake without a leader context and on a longer name', () => {
    expect(check('村民施晓琳家的果园今年丰收。')).toEqual([]);
    expect(check('总理李强国同志的事迹')).toEqual([]);
  });
});

describe('retired agency names', () => {
  it('reports a retired name used after it ended, with the current name', () => {
    expect(check('根据国家工商行政管理总局的要求，我局开展了专项检查。')).toEqual([expect.objectContaining({
      category: 'retired-agency', severity: 'deduction', matched: '国家工商行政管理总局', expected: '国家市场监督管理总局',
    })]);
  });

  it('does not report text published before the change, or with no date', () => {
    expect(check('根据国家工商行政管理总局的要求，我局开展了专项检查。', '2017-06-01')).toEqual([]);
    expect(check('根据国家工商行政管理总局的要求，我局开展了专项检查。', null)).toEqual([]);
  });

  it('does not report history, quoted document titles, 原…, or a name inside a longer word', () => {
    expect(check('2016年，国家工商行政管理总局在我区召开现场会。')).toEqual([]);
    expect(check('2018年机构改革后，环境保护部的职责划入生态环境部。')).toEqual([]);
    expect(check('依据《国家旅游局关于规范旅游市场秩序的通知》执行。')).toEqual([]);
    expect(check('原国土资源部有关文件继续有效。')).toEqual([]);
    expect(check('协调农业部门做好春耕生产。')).toEqual([]);
    expect(check('做好群众文化部署和安排。')).toEqual([]);
  });
});

describe('confusable characters in fixed phrases', () => {
  it('reports typos with the right form', () => {
    expect(check('要认真贯切落实上级决策布署。').map((h) => [h.matched, h.expected])).toEqual([['贯切落实', '贯彻落实'], ['布署', '部署']]);
    expect(check('坚持以人民为重心的发展思想。')).toEqual([expect.objectContaining({ matched: '以人民为重心', expected: '以人民为中心' })]);
  });

  it('does not report a wrong form that is part of another word', () => {
    expect(check('平安照亮回家路。')).toEqual([]);
    expect(check('安照按照规定办理。').map((h) => h.matched)).toEqual(['安照']);
  });

  it('judges 截止/截至 by what follows', () => {
    expect(check('截止2026年10月底，全镇共办理业务120件。')).toEqual([expect.objectContaining({ rule: 'usage:jiezhi-before-date', expected: '截至' })]);
    expect(check('截至2026年10月底，全镇共办理业务120件。')).toEqual([]);
    expect(check('报名截止日期为11月30日。')).toEqual([]);
    expect(check('截止到10月底，全镇共办理业务120件。')).toEqual([]);
    expect(check('申报截至日期为11月30日。')).toEqual([expect.objectContaining({ rule: 'usage:jiezhi-deadline', expected: '截止' })]);
  });
});

describe('lexicon files', () => {
  it('names the file and key of every problem, and reads nothing from a broken set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zwgk-lexicon-'));
    try {
      writeFileSync(join(dir, 'a.yaml'), 'agencies:\n  - { name: 国家某某总局, until: "2018", now: 新局 }\nphrases:\n  - { wrong: 错, right: 对 }\n');
      writeFileSync(join(dir, 'b.yaml'), 'leaderz: []\n');
      let error: unknown;
      try {
        loadLexicon(['a.yaml', 'b.yaml'], dir);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toContain(`${join(dir, 'a.yaml')}: agencies[0].until: expected the month the name ended, as YYYY-MM`);
      expect(message).toContain(`${join(dir, 'a.yaml')}: phrases[0].wrong`);
      expect(message).toContain(`${join(dir, 'b.yaml')}: unknown key(s) "leaderz"`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('uses the district\'s own files when configured, else the shipped lexicon', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zwgk-lexicon-'));
    try {
      writeFileSync(join(dir, 'mine.yaml'), 'phrases:\n  - { wrong: 雁江去, right: 雁江区 }\n');
      const own = compileLexicon(districtLexicon(['mine.yaml'], join(dir, 'district.yaml')));
      expect(checkWording('雁江去召开会议。', '2026-01-01', own).map((h) => h.expected)).toEqual(['雁江区']);
      expect(checkWording('习进平总书记指出。', '2026-01-01', own)).toEqual([]);
      expect(districtLexicon([], join(dir, 'district.yaml')).leaders.length).toBeGreaterThan(5);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('findings stored from the checks', () => {
  it('mask long numbers in a wording finding\'s sentence', async () => {
    const { contentFindings } = await import('../src/content/check-texts.js');
    const out = contentFindings([{ text: '请安照要求通知张三13812345678。', date: '2026-10-01', pageUrl: 'http://x/a.html', pageTitle: null, evidence: null }], lexicon, '2026-10-01', (v) => `h:${v.length}`);
    expect(out.map((f) => [f.category, f.sentence])).toEqual([['phrase', '请安照要求通知张三138****5678。'], ['mobile', '请安照要求通知张三138****5678。']]);
  });
});
