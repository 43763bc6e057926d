import type { ColumnConfig } from '../config/schema.js';
import { deriveColumnId, hostOf, hostPathKey, urlPathKey } from './keys.js';

/** A column id as registered for a unit (table `column_registry`). */
export interface RegisteredColumn {
  columnId: string;
  /** The entry URL without scheme and host (`urlPathKey`) when last registered. */
  urlKey: string;
  host: string;
  name: string;
  source: 'config' | 'derived';
  /** Set once a config id took over this derived id's history. */
  mergedInto: string | null;
}

/** What resolution needs of a column: its config id, name and entry URL. */
export type ColumnRef = Pick<ColumnConfig, 'id' | 'name' | 'url'>;

export interface ResolvedColumn<C extends ColumnRef = ColumnConfig> {
  column: C;
  columnId: string;
  /** Every stored id whose rows are this column's history: its own id first. */
  storedIds: string[];
  /** What the registry should hold for this column after the next write. */
  register: Omit<RegisteredColumn, 'mergedInto'> & { entryUrl: string };
}

export interface ColumnResolution<C extends ColumnRef = ColumnConfig> {
  columns: ResolvedColumn<C>[];
  /** Derived ids whose history moves to a config id that was added to the config since. */
  merges: { from: string; into: string }[];
}

/**
 * The stable id of every column of a unit, from its config and what the registry holds, without writing:
 * the read path scores with it as it is, the write path stores `register` and `merges` with the crawl.
 *
 * - A config `id` is the id. If it is new and a derived id is registered for the same URL, that history
 *   is merged into it.
 * - Otherwise the id registered for the column's URL (without scheme and host; the host decides between several),
 *   so a rename keeps the id and a site move (scheme or host) keeps it too.
 * - Otherwise an id derived from the path key (host-qualified when another column of the unit already
 *   took that one): a changed path is a new column, its history is not inherited.
 */
export function resolveColumns<C extends ColumnRef>(columns: C[], registry: RegisteredColumn[]): ColumnResolution<C> {
  const active = registry.filter((r) => r.mergedInto === null);
  const taken = new Set(columns.flatMap((c) => (c.id ? [c.id] : [])));
  const merges: ColumnResolution['merges'] = [];
  const resolved = new Map<C, ResolvedColumn<C>>();

  const registeredFor = (column: C, derivedOnly: boolean): RegisteredColumn | undefined => {
    const key = urlPathKey(column.url);
    const candidates = active.filter((r) => r.urlKey === key && !taken.has(r.columnId) && (!derivedOnly || r.source === 'derived'));
    if (candidates.length <= 1) return candidates[0];
    const host = hostOf(column.url);
    const sameHost = candidates.filter((r) => r.host === host);
    return sameHost.length === 1 ? sameHost[0] : undefined;
  };
  const result = (column: C, columnId: string, storedIds: string[], source: RegisteredColumn['source']): ResolvedColumn<C> => ({
    column, columnId, storedIds,
    register: { columnId, urlKey: urlPathKey(column.url), host: hostOf(column.url), name: column.name, entryUrl: column.url, source },
  });

  for (const column of columns) {
    if (!column.id) continue;
    const storedIds = [column.id, ...registry.filter((r) => r.mergedInto === column.id).map((r) => r.columnId)];
    if (!registry.some((r) => r.columnId === column.id)) {
      const earlier = registeredFor(column, true);
      if (earlier) {
        taken.add(earlier.columnId);
        storedIds.push(earlier.columnId);
        merges.push({ from: earlier.columnId, into: column.id });
      }
    }
    resolved.set(column, result(column, column.id, storedIds, 'config'));
  }
  for (const column of columns) {
    if (column.id) continue;
    const earlier = registeredFor(column, false);
    let columnId = earlier?.columnId ?? deriveColumnId(urlPathKey(column.url));
    if (taken.has(columnId)) columnId = deriveColumnId(hostPathKey(column.url));
    // The same page twice in one unit (config check asks for ids): names are unique within a unit.
    if (taken.has(columnId)) columnId = deriveColumnId(`${hostPathKey(column.url)}#${column.name}`);
    taken.add(columnId);
    resolved.set(column, result(column, columnId, [columnId], earlier?.source ?? 'derived'));
  }
  return { columns: columns.map((c) => resolved.get(c) as ResolvedColumn<C>), merges };
}
