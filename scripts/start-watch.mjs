// Rebuilds on changes to src/ (functions, core, the policy and the demo page), so the running
// stack serves them without a restart: twilio-run reloads function code on every request and the
// build swaps dist/ in one step. New or removed functions, and .env changes, need a restart.
import { spawn } from 'node:child_process';
import { watch } from 'node:fs';
import { join } from 'node:path';

/** Quiet time after the last change before rebuilding (editors write several files at once). */
const DEBOUNCE_MS = 300;

/** Watches `root/src`; one rebuild at a time, and one more if files changed during it. */
export function watchSources(root) {
  let timer = null;
  let building = false;
  let again = false;

  function rebuild() {
    if (building) {
      again = true;
      return;
    }
    building = true;
    const started = Date.now();
    const child = spawn(process.execPath, [join(root, 'scripts', 'build.mjs'), '--no-typecheck'], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => {
      building = false;
      if (code === 0) console.log(`npm start: src/ changed; rebuilt in ${Date.now() - started} ms, the server now serves the new build.`);
      else console.error('npm start: src/ changed but the rebuild failed (see above); the server keeps serving the last good build.');
      if (again) {
        again = false;
        rebuild();
      }
    });
  }

  const watcher = watch(join(root, 'src'), { recursive: true }, () => {
    clearTimeout(timer);
    timer = setTimeout(rebuild, DEBOUNCE_MS);
  });
  watcher.unref();
  return watcher;
}
