// Local mode's function logs: every line the functions print (twilio-run passes their output
// through) is shown as before and, when it is one of the gate's JSON log records (it names its
// function in `fn`), also fed into the emulator's Serverless Logs, as Twilio collects the output
// of deployed functions. `gatekeeper report --local` then reads the same Logs API it reads live.
// Lines are sent in batches (at most every 200 ms); a feed failure is reported once and never
// stops the stack.
import { createInterface } from 'node:readline';

const FLUSH_MS = 200;
/** The emulator's control API takes at most 1,000 lines and 64 KiB per request: batches stay well under. */
const MAX_BATCH = 1000;
const MAX_BATCH_BYTES = 40 * 1024;
/** Twilio keeps the last 3 KB of an invocation anyway; longer lines are cut to their end before sending. */
const MAX_LINE_BYTES = 8 * 1024;
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
  const message = Buffer.byteLength(line) > MAX_LINE_BYTES ? Buffer.from(line).subarray(-MAX_LINE_BYTES).toString('utf8') : line;
  return { function: record.fn, message, level: LEVELS.has(record.level) ? record.level : 'info' };
}

/**
 * The batches on their way to the emulator: lines wait in `pending` (at most FLUSH_MS, MAX_BATCH
 * lines or MAX_BATCH_BYTES), then go out one request at a time, in order (`sending` chains them),
 * so the emulator dates the lines in the order the functions printed them.
 */
class LogFeed {
  pending = [];
  pendingBytes = 0;
  timer = null;
  warned = false;
  sending = Promise.resolve();

  constructor(url, serviceSid, environmentSid) {
    this.url = url;
    this.serviceSid = serviceSid;
    this.environmentSid = environmentSid;
  }

  add(entry) {
    this.pending.push(entry);
    this.pendingBytes += Buffer.byteLength(entry.message) + 100;
    if (this.pending.length >= MAX_BATCH || this.pendingBytes >= MAX_BATCH_BYTES) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  flush() {
    clearTimeout(this.timer);
    this.timer = null;
    const lines = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    if (lines.length > 0) this.sending = this.sending.then(() => this.send(lines)).catch((error) => this.warnOnce(error));
  }

  async send(lines) {
    const body = JSON.stringify({ serviceSid: this.serviceSid, environmentSid: this.environmentSid, lines });
    const response = await fetch(this.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
  }

  warnOnce(error) {
    if (this.warned) return;
    this.warned = true;
    console.error(`npm start: function logs could not be fed to the emulator (${error.message}); gatekeeper report --local will miss them`);
  }
}

/**
 * Copies `input` (twilio-run's standard output) line by line to `output` and feeds the log
 * records among them to the emulator's Environment `environmentSid` of Service `serviceSid`.
 */
export function feedFunctionLogs({ input, output, emulatorUrl, serviceSid, environmentSid }) {
  const feed = new LogFeed(`${emulatorUrl}/__emulator/serverless/logs`, serviceSid, environmentSid);
  createInterface({ input }).on('line', (line) => {
    output.write(`${line}\n`);
    const entry = logFeedEntry(line);
    if (entry) feed.add(entry);
  });
}
