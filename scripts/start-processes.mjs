// The child processes of `npm start` (the emulator and twilio-run) and how they stop: SIGINT
// (Ctrl-C), SIGTERM (an IDE's stop button, `kill`) and SIGHUP (a closed terminal) all stop every
// child and wait for it to exit, so no port is left held; a child that exits on its own stops the
// rest. npm forwards SIGINT and SIGTERM only to the shell it ran this script with, and can exit
// before this script has stopped its children (or without this script hearing of it at all), so
// this script also stops when it is orphaned: its parent process is gone.
import { spawn } from 'node:child_process';

/** How long a child gets to exit after SIGTERM before it is killed. */
const STOP_GRACE_MS = 5000;
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
/** How often the parent process is checked. */
const PARENT_CHECK_MS = 500;

/**
 * Signals a child and everything it started: twilio-run runs each request in a forked process,
 * which would outlive it. Each child leads its own process group (`detached`) for that.
 */
function signalGroup(child, signal) {
  try {
    if (process.platform !== 'win32') {
      process.kill(-child.pid, signal);
      return;
    }
  } catch {
    // The group is gone already; signal the child itself below.
  }
  child.kill(signal);
}

/** Creates the group and installs the signal handlers. */
export function createProcessGroup() {
  const children = new Map();
  let stopping = false;

  function stopAll(code) {
    if (stopping) return;
    stopping = true;
    const running = [...children.values()].filter((child) => child.exitCode === null && child.signalCode === null);
    if (running.length === 0) process.exit(code);
    const exited = running.map((child) => new Promise((resolve) => child.once('exit', resolve)));
    for (const child of running) signalGroup(child, 'SIGTERM');
    const force = setTimeout(() => running.forEach((child) => signalGroup(child, 'SIGKILL')), STOP_GRACE_MS);
    Promise.all(exited).then(() => {
      clearTimeout(force);
      process.exit(code);
    });
  }

  for (const signal of SIGNALS) process.on(signal, () => stopAll(0));
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid === parent) return;
    console.error('npm start: the process that started this one is gone; stopping.');
    stopAll(0);
  }, PARENT_CHECK_MS).unref();

  return {
    /** Spawns a child that is part of the group; its unexpected exit stops the others. */
    spawn(name, command, args, options) {
      const child = spawn(command, args, { ...options, detached: process.platform !== 'win32' });
      children.set(name, child);
      child.on('exit', (code, signal) => {
        if (stopping) return;
        console.error(`npm start: ${name} exited (${signal ?? `code ${code}`}); stopping.`);
        stopAll(code || 1);
      });
      return child;
    },
    stopAll,
  };
}
