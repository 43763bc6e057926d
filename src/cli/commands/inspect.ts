import type { Command } from 'commander';
import { CATEGORIES, SHAPES } from '../../config/column-kinds.js';

export function registerInspectCommand(program: Command): void {
  program
    .command('inspect <url>')
    .description('试读一个栏目页面，显示 zwgk 会读到什么，不保存 (what zwgk would read from one page, nothing stored)')
    .option('--shape <id>', `页面结构：${SHAPES.join(' ')}（默认自动识别）`, (v) => oneOf(v, SHAPES, '--shape'))
    .option('--category <c>', `栏目类别，决定读到哪一天为止（默认 news）：${CATEGORIES.join(' ')}`, (v) => oneOf(v, CATEGORIES, '--category'), 'news')
    .option('--json', '输出 JSON')
    .action(async (url, opts, cmd) => (await import('../actions/inspect.js')).inspectAction(url, opts, cmd));
}

function oneOf<T extends string>(value: string, allowed: readonly T[], option: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new Error(`${option} 应为 ${allowed.join(' / ')} 之一，收到 "${value}"`);
  return value as T;
}
