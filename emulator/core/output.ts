import { maskPhoneNumber } from './phone';

/** Where the emulator prints what "would have been sent"; silenced by `quiet`. */
export type OutputSink = (line: string) => void;

/**
 * Masks a recipient for console output: phone numbers keep `+`, two leading and two trailing
 * digits; email addresses keep the first character and the domain; anything else is starred.
 */
export function maskRecipient(value: string): string {
  const channel = /^(whatsapp|messenger|client|sip):/i.exec(value);
  if (channel) return `${channel[0]}${maskRecipient(value.slice(channel[0].length))}`;
  const at = value.indexOf('@');
  if (at > 0) return `${value[0]}***${value.slice(at)}`;
  return maskPhoneNumber(value);
}

/**
 * The emulator's console lines, so a person walking through a flow by hand sees the codes and
 * messages that real Twilio would have delivered. Numbers are always masked; message bodies are
 * printed (the emulator only ever sees test traffic), and nothing is printed when quiet.
 */
export class EmulatorOutput {
  constructor(
    private readonly sink: OutputSink,
    private readonly quiet: boolean,
  ) {}

  verificationCode(to: string, code: string): void {
    this.print(`[emulator] verify code for ${maskRecipient(to)}: ${code}`);
  }

  message(to: string, from: string, body: string): void {
    this.print(`[emulator] SMS to ${maskRecipient(to)} from ${from}: ${JSON.stringify(body)}`);
  }

  call(to: string, from: string, timeLimit: number | null): void {
    const limit = timeLimit === null ? 'no time limit' : `time limit ${timeLimit}s`;
    this.print(`[emulator] call to ${maskRecipient(to)} from ${from} (${limit})`);
  }

  /**
   * A callback the emulator made: what fired, where (origin and path only: a query or userinfo
   * may carry secrets) and the answer. Never the signature or the token.
   */
  callback(kind: string, subjectSid: string, method: string, url: string, outcome: string): void {
    let where = url;
    try {
      const parsed = new URL(url);
      where = `${parsed.origin}${parsed.pathname}`;
    } catch {
      where = '(invalid URL)';
    }
    this.print(`[emulator] ${kind} ${subjectSid}: ${method} ${where} -> ${outcome}`);
  }

  private print(line: string): void {
    if (!this.quiet) this.sink(line);
  }
}
