import type { Command } from 'commander';
import { isIsoDate } from '../time/dates.js';

export function configPath(cmd: Command): string {
  return (cmd.optsWithGlobals() as { config: string }).config;
}

export function parseDateOption(value: string): string {
  if (!isIsoDate(value)) throw new Error(`--as-of 应为 YYYY-MM-DD 格式的日期，收到 "${value}"`);
  return value;
}

/** Writes progress: one rewritten line on a terminal, plain log lines otherwise. */
export function progressWriter(stream: NodeJS.WriteStream = process.stderr): { update(text: string): void; log(text: string): void; done(): void } {
  const tty = stream.isTTY === true;
  let last = '';
  return {
    update(text) {
      if (tty) {
        stream.write(`\r\x1b[2K${text}`);
        last = text;
      } else stream.write(`${text}\n`);
    },
    log(text) {
      if (tty && last) stream.write('\r\x1b[2K');
      stream.write(`${text}\n`);
      if (tty && last) stream.write(last);
    },
    done() {
      if (tty && last) stream.write('\n');
      last = '';
    },
  };
}
