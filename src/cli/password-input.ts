import { createInterface } from 'node:readline';

/** The first line of standard input (a password piped in by a script). */
async function firstLine(): Promise<string> {
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  throw new Error('标准输入为空：请输入一行密码');
}

/** Reads a line from the terminal without echoing it. */
function hidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const input = process.stdin;
    process.stderr.write(prompt);
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    let value = '';
    const done = (err?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new Error('已取消'));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else value += ch;
      }
    };
    input.on('data', onData);
  });
}

/** A new password: piped (`--password-stdin`) or typed twice at a prompt. */
export async function readNewPassword(fromStdin: boolean | undefined): Promise<string> {
  if (fromStdin) return firstLine();
  if (!process.stdin.isTTY) throw new Error('没有终端可输入密码：请用 --password-stdin 从标准输入提供');
  const first = await hidden('新密码：');
  const again = await hidden('再输入一次：');
  if (first !== again) throw new Error('两次输入的密码不一致');
  return first;
}
