import { describe, expect, it } from 'vitest';
import { findPersonalData, isResidentId, maskNumber } from '../src/content/personal-data.js';
import { cardNumber, residentId } from './personal-numbers.js';

const ID = residentId('510102', '19900307', '123');

describe('resident ID numbers', () => {
  it('accepts the check character and a real birth date only', () => {
    expect(isResidentId(ID, '2026-11-20')).toBe(true);
    const wrongCheck = ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0');
    expect(isResidentId(wrongCheck, '2026-11-20')).toBe(false);
    expect(isResidentId(residentId('510102', '19901307', '123'), '2026-11-20')).toBe(false);
    expect(isResidentId(residentId('510102', '20300101', '123'), '2026-11-20')).toBe(false);
    expect(isResidentId(residentId('010102', '19900307', '123'), '2026-11-20')).toBe(false);
    const withX = ['000', '001', '002', '003', '004', '005', '006', '007', '008', '009', '010', '011'].map((s) => residentId('512002', '19850101', s)).find((id) => id.endsWith('X'))!;
    expect(isResidentId(withX, '2026-11-20')).toBe(true);
    expect(findPersonalData(`身份证${withX.toLowerCase()}`, null).map((h) => h.masked)).toEqual([`${withX.slice(0, 4)}**********${withX.slice(-4)}`]);
  });

  it('finds one in a sentence, masked, and not inside a longer number', () => {
    const hits = findPersonalData(`低保对象张某，身份证号${ID}，住址青山镇。`, '2026-11-20');
    expect(hits).toEqual([{ category: 'id-number', value: ID, masked: `${ID.slice(0, 4)}**********${ID.slice(-4)}`, sentence: `低保对象张某，身份证号${ID.slice(0, 4)}**********${ID.slice(-4)}，住址青山镇。` }]);
    expect(findPersonalData(`编号9${ID}`, '2026-11-20')).toEqual([]);
    expect(findPersonalData(`已脱敏：${ID.slice(0, 6)}********${ID.slice(-4)}`, '2026-11-20')).toEqual([]);
  });
});

describe('mobile numbers', () => {
  it('finds 1[3-9] numbers of 11 digits, not parts of longer numbers, not published work contacts', () => {
    expect(findPersonalData('获奖人：李某，13812345678。', null).map((h) => h.masked)).toEqual(['138****5678']);
    expect(findPersonalData('申请人王某 手机19912345678', null).map((h) => h.masked)).toEqual(['199****5678']);
    expect(findPersonalData('流水号213812345678。', null)).toEqual([]);
    expect(findPersonalData('号码12812345678不是手机号。', null)).toEqual([]);
    expect(findPersonalData('联系电话：13812345678。', null)).toEqual([]);
    expect(findPersonalData('举报电话 13812345678', null)).toEqual([]);
  });
});

describe('bank card numbers', () => {
  it('needs the Luhn check and a word like 卡号 before it', () => {
    const card = cardNumber('621700123456789012');
    expect(card).toHaveLength(19);
    expect(findPersonalData(`补贴发放至银行卡号${card}。`, null)).toEqual([expect.objectContaining({ category: 'bank-card', masked: maskNumber('bank-card', card) })]);
    expect(findPersonalData(`项目编号${card}。`, null)).toEqual([]);
    const bad = card.slice(0, 18) + String((Number(card[18]) + 1) % 10);
    expect(findPersonalData(`银行卡号${bad}。`, null)).toEqual([]);
    expect(maskNumber('bank-card', card)).toBe(`${card.slice(0, 4)}***********${card.slice(-4)}`);
  });
});

describe('sentences shown with a finding', () => {
  it('never carry a whole long number, even one that is not a valid ID', () => {
    const invalid = `${ID.slice(0, 17)}${ID[17] === '0' ? '1' : '0'}`;
    const hits = findPersonalData(`张三，证件号${invalid}，手机13812345678。`, '2026-11-20');
    expect(hits.map((h) => h.category)).toEqual(['mobile']);
    expect(hits[0].sentence).toBe(`张三，证件号${invalid.slice(0, 4)}**********${invalid.slice(-4)}，手机138****5678。`);
  });
});
