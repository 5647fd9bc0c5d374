import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from '../../helpers/bundle-server';

// npm start's watcher, on a scratch project whose build script only records that it ran: an
// edit under src/ (code or the policy) triggers one rebuild after the editor's burst of writes.
const BUILD_SCRIPT = "import { appendFileSync } from 'node:fs';\nappendFileSync(new URL('../builds.log', import.meta.url), 'build\\n');\n";

function scratchProject(): string {
  const root = mkdtempSync(join(tmpdir(), 'gatekeeper-watch-'));
  mkdirSync(join(root, 'src', 'assets'), { recursive: true });
  mkdirSync(join(root, 'scripts'));
  writeFileSync(join(root, 'scripts', 'build.mjs'), BUILD_SCRIPT);
  return root;
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

describe('npm start watching src/', () => {
  let watcher: ChildProcess;
  afterEach(() => watcher?.kill());

  it('rebuilds once after a burst of edits to the policy and the code', async () => {
    const root = scratchProject();
    const module = pathToFileURL(join(PROJECT_ROOT, 'scripts', 'start-watch.mjs')).href;
    watcher = spawn(process.execPath, ['--input-type=module', '-e', `const { watchSources } = await import(${JSON.stringify(module)}); watchSources(${JSON.stringify(root)}); console.log('watching'); setInterval(() => {}, 1000);`], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    watcher.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // The watcher runs in its own process: edit only once it watches (slow to start on a busy machine).
    expect(await waitFor(() => output.includes('watching'), 20_000)).toBe(true);
    const log = join(root, 'builds.log');
    writeFileSync(join(root, 'src', 'assets', 'policy.private.json'), '{}');
    writeFileSync(join(root, 'src', 'index.ts'), 'export {};');
    expect(await waitFor(() => existsSync(log), 20_000)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(readFileSync(log, 'utf8')).toBe('build\n');
    expect(await waitFor(() => /rebuilt in \d+ ms, the server now serves the new build/.test(output), 5000)).toBe(true);
  }, 60_000);
});
