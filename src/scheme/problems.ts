import type { z } from 'zod';
import { zodProblems, type ConfigProblem } from '../config/errors.js';

/**
 * Scheme problems with the item they belong to: `items[4] (第5项 “政务开放日”活动).steps[1].points: …`,
 * so an office editing the YAML finds the item by its number and name, not by its position.
 */
export function schemeProblems(file: string, raw: unknown, error: z.ZodError): ConfigProblem[] {
  const items = (raw as { items?: unknown } | null)?.items;
  return zodProblems(file, error).map((p) => {
    const m = /^items\[(\d+)\]/.exec(p.path);
    if (!m || !Array.isArray(items)) return p;
    const item = items[Number(m[1])] as { no?: unknown; name?: unknown } | undefined;
    const label = [typeof item?.no === 'number' ? `第${item.no}项` : '', typeof item?.name === 'string' ? item.name : ''].filter(Boolean).join(' ');
    return label ? { ...p, path: `${m[0]} (${label})${p.path.slice(m[0].length)}` } : p;
  });
}
