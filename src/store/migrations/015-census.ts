/**
 * The site census (src/census): one row per unit per census with what the homepage showed, the column
 * list pages found (configured or not), the broken links met, and the office's exclusions with who made
 * them and why; each link's latest check, so a link that opened is not asked again every census.
 */
export const sql = `
CREATE TABLE census_runs (
  id INTEGER PRIMARY KEY,
  unit_id TEXT NOT NULL,
  day TEXT NOT NULL,
  at TEXT NOT NULL,
  homepage_json TEXT NOT NULL,
  directory_url TEXT,
  needs_browser_json TEXT NOT NULL,
  pages_fetched INTEGER NOT NULL,
  budget_exhausted INTEGER NOT NULL,
  links_checked INTEGER NOT NULL,
  links_unchecked INTEGER NOT NULL,
  links_broken INTEGER NOT NULL
);
CREATE INDEX census_runs_unit_day ON census_runs(unit_id, day);
CREATE TABLE census_columns (
  census_id INTEGER NOT NULL REFERENCES census_runs(id) ON DELETE CASCADE,
  url_key TEXT NOT NULL,
  url TEXT NOT NULL,
  name TEXT NOT NULL,
  category TEXT NOT NULL,
  level INTEGER NOT NULL,
  shape TEXT,
  item_count INTEGER NOT NULL,
  undated_count INTEGER NOT NULL,
  newest_date TEXT,
  newest_title TEXT,
  blank INTEGER NOT NULL,
  needs_browser INTEGER NOT NULL,
  found_on TEXT NOT NULL,
  evidence TEXT,
  PRIMARY KEY (census_id, url_key)
);
CREATE TABLE census_broken_links (
  census_id INTEGER NOT NULL REFERENCES census_runs(id) ON DELETE CASCADE,
  url TEXT NOT NULL,
  text TEXT NOT NULL,
  page_url TEXT NOT NULL,
  column_url TEXT,
  kind TEXT NOT NULL,
  status INTEGER,
  detail TEXT NOT NULL,
  page_evidence TEXT,
  evidence TEXT
);
CREATE INDEX census_broken_links_census ON census_broken_links(census_id);
CREATE TABLE census_links (
  unit_id TEXT NOT NULL,
  url TEXT NOT NULL,
  ok INTEGER NOT NULL,
  checked_on TEXT NOT NULL,
  PRIMARY KEY (unit_id, url)
);
CREATE TABLE census_exclusions (
  unit_id TEXT NOT NULL,
  url_key TEXT NOT NULL,
  url TEXT NOT NULL,
  reason TEXT NOT NULL,
  by TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (unit_id, url_key)
);
`;
