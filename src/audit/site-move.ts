import { originOf } from '../identity/keys.js';
import type { ColumnObservation } from './observation.js';

/**
 * A `site-moved` finding when the column's list was read from another origin (scheme and host) than the
 * previous time it was read; recorded on that one observation, so a move is reported once.
 */
export function withSiteMove(observation: ColumnObservation, previousFinalUrl: string | undefined): ColumnObservation {
  if (!previousFinalUrl || !observation.finalUrl) return observation;
  const from = originOf(previousFinalUrl);
  const to = originOf(observation.finalUrl);
  if (!from || !to || from === to) return observation;
  return { ...observation, findings: [...observation.findings, { kind: 'site-moved', from, to }] };
}
