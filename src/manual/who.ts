/** Who records a manual entry: the --by flag, else ZWGK_USER, else the config's `district.operator`. */
export function resolveWho(flag: string | undefined, env: NodeJS.ProcessEnv, configured: string | undefined): string {
  const who = [flag, env.ZWGK_USER, configured].map((s) => s?.trim()).find((s) => s);
  if (!who) throw new Error('请指明录入人：使用 --by 姓名、环境变量 ZWGK_USER，或在配置文件 district.operator 中设置');
  return who;
}
