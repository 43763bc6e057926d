import { isIsoDate } from '../time/dates.js';
import { excerpt, sentences } from './sentences.js';

export type PersonalDataCategory = 'id-number' | 'mobile' | 'bank-card';

/** A personal number published unmasked. `value` is the full number: never store or show it, only `masked`. */
export interface PersonalDataHit {
  category: PersonalDataCategory;
  value: string;
  masked: string;
  /** The sentence with every personal number in it masked. */
  sentence: string;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643: a known first digit of the region code, a real birth date not after `today`, and the check character. */
export function isResidentId(id: string, today: string | null): boolean {
  if (!/^[1-8]\d{16}[\dX]$/.test(id)) return false;
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isIsoDate(birth) || birth < '1900-01-01' || (today !== null && birth > today)) return false;
  const sum = ID_WEIGHTS.reduce((n, w, i) => n + w * Number(id[i]), 0);
  return ID_CHECK[sum % 11] === id[17];
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function maskNumber(category: PersonalDataCategory, value: string): string {
  if (category === 'mobile') return `${value.slice(0, 3)}****${value.slice(7)}`;
  return `${value.slice(0, 4)}${'*'.repeat(value.length - 8)}${value.slice(-4)}`;
}

/**
 * Every run of 11 or more digits masked, whatever it is: a sentence shown with a finding (a typo, or a
 * number next to an ID with a wrong check digit) never carries a whole long number.
 */
export function maskLongNumbers(text: string): string {
  return text.replace(LONG_NUMBER, maskLongNumber);
}

/** A run of 11 or more digits (an ID number may end in X), not part of a longer one. */
export const LONG_NUMBER = /(?<![0-9])\d{11,}[Xx]?(?![0-9])/gu;

const maskLongNumber = (n: string) => (/^1[3-9]\d{9}$/.test(n) ? maskNumber('mobile', n) : `${n.slice(0, 4)}${'*'.repeat(n.length - 8)}${n.slice(-4)}`);

/** Each distinct long number of `text` with its masked form, as `maskLongNumbers` masks it. */
export function longNumberMasks(text: string): [string, string][] {
  return [...new Set(text.match(LONG_NUMBER) ?? [])].map((n) => [n, maskLongNumber(n)]);
}

/** A mobile number after these words is a published work contact (联系电话), not a person's data. */
const CONTACT = /(联系|咨询|举报|监督|投诉|值班|热线|服务|办公|受理|报名|求助)[^，。；\d]{0,8}$/u;
/** A bank card number is reported only after one of these words (a long number alone may be anything). */
const CARD_CONTEXT = /(卡号|账号|帐号|银行卡|开户|账户|帐户|存折|收款)[^。；\d]{0,10}$/u;

/**
 * Resident ID numbers (valid check digit and birth date), mobile numbers (1[3-9] and 11 digits, not part
 * of a longer number, not a published contact number) and bank card numbers (16–19 digits, Luhn, after a
 * word like 卡号) in a text. Each distinct value once per sentence.
 */
export function findPersonalData(text: string, today: string | null): PersonalDataHit[] {
  const hits: PersonalDataHit[] = [];
  for (const { text: s } of sentences(text)) {
    const found: { category: PersonalDataCategory; value: string; at: number }[] = [];
    for (const m of s.matchAll(/(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{16,19})(?![0-9A-Za-z])/gu)) {
      const value = m[0].toUpperCase();
      const before = s.slice(Math.max(0, m.index - 24), m.index);
      if (value.length === 18 && isResidentId(value, today)) found.push({ category: 'id-number', value, at: m.index });
      else if (/^\d+$/.test(value) && luhnValid(value) && CARD_CONTEXT.test(before)) found.push({ category: 'bank-card', value, at: m.index });
    }
    for (const m of s.matchAll(/(?<![0-9A-Za-z+\-_.])1[3-9]\d{9}(?![0-9A-Za-z_])/gu)) {
      if (CONTACT.test(s.slice(Math.max(0, m.index - 16), m.index))) continue;
      found.push({ category: 'mobile', value: m[0], at: m.index });
    }
    if (found.length === 0) continue;
    const masked = maskLongNumbers(s);
    const seen = new Set<string>();
    for (const f of found.sort((a, b) => a.at - b.at)) {
      if (seen.has(f.value)) continue;
      seen.add(f.value);
      hits.push({ category: f.category, value: f.value, masked: maskNumber(f.category, f.value), sentence: excerpt(masked, Math.min(f.at, masked.length)) });
    }
  }
  return hits;
}
