import { luhnValid } from '../src/content/personal-data.js';

/** A valid ID number for a region, birth date and sequence: the check character computed per GB 11643. */
export function residentId(region: string, birth: string, seq: string): string {
  const body = `${region}${birth}${seq}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = w.reduce((n, x, i) => n + x * Number(body[i]), 0);
  return body + '10X98765432'[sum % 11];
}

/** A Luhn-valid card number from a prefix of `length - 1` digits. */
export function cardNumber(prefix: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(`${prefix}${d}`)) return `${prefix}${d}`;
  throw new Error('unreachable');
}
