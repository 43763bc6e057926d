import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { ConfigError } from './errors.js';

/** A file a loaded config was read from, with the SHA-256 of the text that was parsed. */
export interface ConfigSource {
  file: string;
  sha256: string;
}

let recording: ConfigSource[] | null = null;

/** Runs `load` and returns what it returned with every file `readYaml` read meanwhile (what a cached config depends on). */
export function recordSources<T>(load: () => T): { result: T; sources: ConfigSource[] } {
  const outer = recording;
  const sources: ConfigSource[] = [];
  recording = sources;
  try {
    return { result: load(), sources };
  } finally {
    recording = outer;
  }
}

/** Reads a YAML file; a missing file or a syntax error becomes a ConfigError naming file and line. */
export function readYaml(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([{ file, path: '', message: `cannot read file (${(err as NodeJS.ErrnoException).code ?? String(err)})` }]);
  }
  recording?.push({ file, sha256: createHash('sha256').update(text).digest('hex') });
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((e) => ({
        file,
        path: e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '',
        message: `YAML syntax error: ${e.message.split('\n')[0]}`,
      })),
    );
  }
  return doc.toJS();
}
