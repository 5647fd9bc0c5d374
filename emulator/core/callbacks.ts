import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { BoundedList } from './bounded-list';
import { MAX_RECORDED_CALLBACKS } from './limits';

/** What the emulator calls back: a Usage Trigger firing or a Debugger event. */
export type CallbackKind = 'usage-trigger' | 'debugger';

/** One callback to make, as Twilio would: form fields, signed with an account's token. */
export interface CallbackRequest {
  kind: CallbackKind;
  url: string;
  method: 'GET' | 'POST';
  params: Record<string, string>;
  /** The account whose token signs it (never logged, never recorded). */
  signingAccountSid: string;
  authToken: string | null;
}

/** A made (or refused) callback, as `GET /__emulator/callbacks` lists it. */
export interface CallbackDelivery {
  kind: CallbackKind;
  url: string;
  method: 'GET' | 'POST';
  params: Record<string, string>;
  signingAccountSid: string;
  /** The `X-Twilio-Signature` sent, or null when the account's token is unknown (sent unsigned). */
  signature: string | null;
  /** The receiver's HTTP status, or null when nothing was answered (refused URL, network error). */
  status: number | null;
  /** Why nothing was answered, or null. */
  error: string | null;
  /** Emulator-clock time the request was made, epoch ms. */
  at: number;
}

/** Hosts a callback may go to: the emulator never sends traffic off the machine. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** How long a callback receiver gets to answer (Twilio's webhook timeout is 15 s). */
const CALLBACK_TIMEOUT_MS = 10_000;

/** True for an http(s) URL on this machine. */
export function isLoopbackUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTS.has(url.hostname);
  } catch {
    return false;
  }
}

/** The URL a GET callback goes to: the form fields appended to its query, as Twilio does. */
function getUrl(url: string, params: Record<string, string>): string {
  const target = new URL(url);
  for (const [key, value] of Object.entries(params)) target.searchParams.append(key, value);
  return target.toString();
}

/**
 * Makes the emulator's outgoing callbacks: form-encoded POST (or GET with the fields in the
 * query), `X-Twilio-Signature` computed with the twilio library's own function (so it matches
 * `twilio.validateRequest`), to loopback URLs only. Every attempt is recorded. Delayed callbacks
 * wait on timers that `close()` cancels, and in-flight ones are aborted on close.
 */
export class CallbackSender {
  private readonly log = new BoundedList<CallbackDelivery>(MAX_RECORDED_CALLBACKS);
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<AbortController>();
  private reporter: (delivery: CallbackDelivery) => void = () => undefined;

  constructor(private readonly now: () => number) {}

  /** Where each delivery is reported once made (the emulator's console output). */
  onDelivery(reporter: (delivery: CallbackDelivery) => void): void {
    this.reporter = reporter;
  }

  /** Sends after `delayMs` (0: on the next turn of the event loop, never inside the API request). */
  schedule(request: CallbackRequest, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.deliver(request);
    }, delayMs);
    this.timers.add(timer);
  }

  /** Sends now and resolves with the recorded delivery (never rejects). */
  async deliver(request: CallbackRequest): Promise<CallbackDelivery> {
    const target = request.method === 'GET' ? getUrl(request.url, request.params) : request.url;
    const signature = request.authToken === null ? null : getExpectedTwilioSignature(request.authToken, target, request.method === 'GET' ? {} : request.params);
    const base = { kind: request.kind, url: request.url, method: request.method, params: request.params, signingAccountSid: request.signingAccountSid, signature, at: this.now() };
    if (!isLoopbackUrl(request.url)) {
      return this.record({ ...base, status: null, error: 'refused: the emulator calls back loopback URLs only (127.0.0.1, localhost, ::1)' });
    }
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timeout = setTimeout(() => controller.abort(), CALLBACK_TIMEOUT_MS);
    try {
      const headers: Record<string, string> = { 'User-Agent': 'TwilioProxy/1.1 (emulator)' };
      if (signature !== null) headers['X-Twilio-Signature'] = signature;
      if (request.method === 'POST') headers['Content-Type'] = 'application/x-www-form-urlencoded';
      const response = await fetch(target, {
        method: request.method,
        headers,
        body: request.method === 'POST' ? new URLSearchParams(request.params).toString() : undefined,
        signal: controller.signal,
        redirect: 'manual',
      });
      await response.arrayBuffer().catch(() => undefined);
      return this.record({ ...base, status: response.status, error: null });
    } catch (error) {
      return this.record({ ...base, status: null, error: `no answer: ${(error as Error).message}` });
    } finally {
      clearTimeout(timeout);
      this.inFlight.delete(controller);
    }
  }

  /** Every recorded delivery, oldest first. */
  deliveries(): CallbackDelivery[] {
    return this.log.toArray();
  }

  /** Cancels pending callbacks and forgets the record. */
  reset(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.log.clear();
  }

  /** Cancels pending callbacks and aborts in-flight ones (the emulator is stopping). */
  close(): void {
    this.reset();
    for (const controller of this.inFlight) controller.abort();
  }

  private record(delivery: CallbackDelivery): CallbackDelivery {
    this.log.push(delivery);
    this.reporter(delivery);
    return delivery;
  }
}
