import type { Command } from 'commander';
import { parseDateOption } from '../shared.js';

export function registerFormCommands(program: Command): void {
  const form = program.command('form').description('考核评分表（Excel）导出与导入 (the official assessment form)');

  form
    .command('export')
    .description('导出考核评分表：--unit 导出一个单位，--all 导出全区（每单位一个工作表并附排名表）')
    .option('--unit <id>', '单位编号')
    .option('--all', '全区所有单位')
    .option('--out <file>', '输出文件（默认 考核表-单位或区名-年度.xlsx）')
    .option('--as-of <date>', '计分截止日期 YYYY-MM-DD（默认今天）', parseDateOption)
    .action(async (opts, cmd) => (await import('../actions/form.js')).formExportAction(opts, cmd));

  form
    .command('import <file>')
    .description('导入填好的考核评分表；任何一个单元格有误则全部不导入，并列出工作表、单元格和原因')
    .option('--by <name>', '录入人（默认取环境变量 ZWGK_USER 或配置 district.operator）')
    .option('--force', '表格导出后系统中已修改的项也以表格为准（覆盖记录在录入历史中）')
    .action(async (file, opts, cmd) => (await import('../actions/form.js')).formImportAction(file, opts, cmd));
}
