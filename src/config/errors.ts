import type { z } from 'zod';

/** One problem in a config or scheme file: where it is and what was expected. */
export interface ConfigProblem {
  file: string;
  path: string;
  message: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ConfigError';
  }
}

export function formatProblem(p: ConfigProblem): string {
  return p.path ? `${p.file}: ${p.path}: ${p.message}` : `${p.file}: ${p.message}`;
}

/** `units[2].columns[0].url` from zod's path array. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (!/^[A-Za-z_$][\w$-]*$/.test(String(key))) out += `[${JSON.stringify(String(key))}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

export function zodProblems(file: string, error: z.ZodError): ConfigProblem[] {
  return error.issues.map((issue) => ({ file, path: formatPath(issue.path), message: describeIssue(issue) }));
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_type' && issue.input === undefined) return `required, ${issue.message.replace(/^Invalid input: /, '')}`;
  if (issue.code === 'invalid_value') {
    return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(' | ')}, got ${JSON.stringify(issue.input)}`;
  }
  const message = issue.message.replace(/^Invalid (input|option): /, '');
  return issue.input !== undefined && (typeof issue.input !== 'object' || issue.input === null) ? `${message}, got ${JSON.stringify(issue.input)}` : message;
}
