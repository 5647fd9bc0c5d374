// Local mode's function logs: every line the functions print (twilio-run passes their output
// through) is shown as before and, when it is one of the gate's JSON log records (it names its
// function in `fn`), also fed into the emulator's Serverless Logs, as Twilio collects the output
// of deployed functions. `gatekeeper report --local` then reads the same Logs API it reads live.
// Lines are sent in batches (at most every 200 ms); a feed failure is reported once and never
// stops the stack.
import { createInterface } from 'node:readline';

const FLUSH_MS = 200;
/** The emulator's control API takes at most 1,000 lines per request. */
const MAX_BATCH = 1000;
const LEVELS = new Set(['info', 'warn', 'error']);

/** The feed entry of a line, or null when the line is not a function's log record. */
export function logFeedEntry(line) {
  if (!line.startsWith('{')) return null;
  let record;
  try {
    record = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof record !== 'object' || record === null || typeof record.fn !== 'string' || record.fn === '') return null;
  return { function: record.fn, message: line, level: LEVELS.has(record.level) ? record.level : 'info' };
}

/**
 * Copies `input` (twilio-run's standard output) line by line to `output` and feeds the log
 * records among them to the emulator's Environment `environmentSid` of Service `serviceSid`.
 */
export function feedFunctionLogs({ input, output, emulatorUrl, serviceSid, environmentSid }) {
  let pending = [];
  let timer = null;
  let warned = false;
  let sending = Promise.resolve();

  const send = (lines) =>
    fetch(`${emulatorUrl}/__emulator/serverless/logs`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ serviceSid, environmentSid, lines }),
    }).then((response) => {
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
    });

  const flush = () => {
    timer = null;
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    // One request at a time, in order: the emulator dates each line when it arrives.
    sending = sending
      .then(() => send(batch))
      .catch((error) => {
        if (warned) return;
        warned = true;
        console.error(`npm start: function logs could not be fed to the emulator (${error.message}); gatekeeper report --local will miss them`);
      });
  };

  createInterface({ input }).on('line', (line) => {
    output.write(`${line}\n`);
    const entry = logFeedEntry(line);
    if (!entry) return;
    pending.push(entry);
    if (pending.length >= MAX_BATCH) flush();
    else timer ??= setTimeout(flush, FLUSH_MS);
  });
}
