import type { CliIo } from '../../src/cli/cli-io';

/** A CLI io whose output is captured; stdin is the given text. */
export function fakeIo(stdinText?: string, extra: Partial<CliIo> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    version: '1.2.3',
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    stdin:
      stdinText === undefined
        ? undefined
        : (async function* () {
            // Split into odd-sized chunks so line reassembly is exercised.
            for (let i = 0; i < stdinText.length; i += 7) yield stdinText.slice(i, i + 7);
          })(),
    cwd: '/nonexistent-project-dir',
    ...extra,
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}
