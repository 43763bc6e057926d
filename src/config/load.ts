import { dirname, resolve } from 'node:path';
import { configSchema, type DistrictConfig } from './schema.js';
import { schemeSchema, type Scheme } from '../scheme/schema.js';
import { ConfigError, zodProblems, type ConfigProblem } from './errors.js';
import { readYaml } from './read-yaml.js';
import { timelinessConfigProblems } from './timeliness-check.js';
import { schemeProblems } from '../scheme/problems.js';
import { columnIdProblems } from './column-ids-check.js';

export interface LoadedConfig {
  file: string;
  config: DistrictConfig;
  schemeFile: string;
  scheme: Scheme;
  dataDir: string;
}

/** Loads and validates a district config and its scheme; every problem is collected before throwing. */
export function loadConfig(file: string): LoadedConfig {
  const path = resolve(file);
  const parsed = configSchema.safeParse(readYaml(path), { reportInput: true });
  if (!parsed.success) throw new ConfigError(zodProblems(path, parsed.error));
  const config = parsed.data;
  const problems = checkConsistency(path, config);
  problems.push(...timelinessConfigProblems(path, config));

  const schemeFile = resolve(dirname(path), config.district.scheme);
  let scheme: Scheme | undefined;
  try {
    scheme = loadScheme(schemeFile);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(...err.problems);
  }
  if (problems.length > 0 || !scheme) throw new ConfigError(problems);
  return { file: path, config, schemeFile, scheme, dataDir: resolve(dirname(path), config.district.dataDir) };
}

export function loadScheme(file: string): Scheme {
  const raw = readYaml(file);
  const parsed = schemeSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw new ConfigError(schemeProblems(file, raw, parsed.error));
  return parsed.data;
}

function checkConsistency(file: string, config: DistrictConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const { start, end } = config.district.period;
  if (start > end) problems.push({ file, path: 'district.period', message: `start ${start} is after end ${end}` });
  if (!Intl.supportedValuesOf('timeZone').includes(config.district.timezone) && config.district.timezone !== 'UTC') {
    problems.push({ file, path: 'district.timezone', message: `expected an IANA time zone such as Asia/Shanghai, got "${config.district.timezone}"` });
  }
  const unitIds = new Map<string, number>();
  const names = new Map<string, string>();
  config.units.forEach((unit, u) => {
    const seen = unitIds.get(unit.id);
    if (seen !== undefined) problems.push({ file, path: `units[${u}].id`, message: `duplicate unit id "${unit.id}" (also units[${seen}])` });
    unitIds.set(unit.id, u);
    for (const name of [unit.name, ...unit.aliases]) {
      const owner = names.get(name);
      if (owner && owner !== unit.id) problems.push({ file, path: `units[${u}]`, message: `name or alias "${name}" is also used by unit "${owner}"` });
      names.set(name, unit.id);
    }
    problems.push(...columnIdProblems(file, unit, u));
    const columnNames = new Set<string>();
    unit.columns.forEach((column, c) => {
      if (columnNames.has(column.name)) problems.push({ file, path: `units[${u}].columns[${c}].name`, message: `duplicate column name "${column.name}" in unit "${unit.id}"` });
      columnNames.add(column.name);
      column.required.forEach((req, r) => {
        try {
          new RegExp(req.title.replaceAll('{year}', '2000').replaceAll('{prevYear}', '1999'));
        } catch {
          problems.push({ file, path: `units[${u}].columns[${c}].required[${r}].title`, message: `expected a regular expression, got "${req.title}"` });
        }
      });
    });
  });
  return problems;
}
