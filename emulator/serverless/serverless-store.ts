import { newSid } from '../core/ids';
import { MAX_SERVERLESS_LOG_LINES, MAX_SERVERLESS_SERVICES } from '../core/limits';
import { TwilioApiError, TwilioCode } from '../core/errors';

/** Twilio keeps function logs 30 days. */
export const LOG_RETENTION_MS = 30 * 24 * 3600 * 1000;
/** Twilio keeps the last 3 KB of output of each invocation; earlier output of it is lost. */
export const MAX_INVOCATION_LOG_BYTES = 3 * 1024;

export interface ServerlessService {
  sid: string;
  accountSid: string;
  uniqueName: string;
  friendlyName: string;
  includeCredentials: boolean;
  uiEditable: boolean;
  dateCreated: number;
  environments: ServerlessEnvironment[];
  /** Function SIDs by function path (`verify/start`), made up when a log line first names one. */
  functions: Map<string, string>;
}

export interface ServerlessEnvironment {
  sid: string;
  serviceSid: string;
  uniqueName: string;
  domainSuffix: string | null;
  dateCreated: number;
}

/** One stored log line of one invocation. */
export interface ServerlessLog {
  sid: string;
  accountSid: string;
  serviceSid: string;
  environmentSid: string;
  functionSid: string;
  requestSid: string;
  level: string;
  message: string;
  dateCreated: number;
}

/** A log line to store: what a function printed, under which invocation (a new one when absent). */
export interface LogLineInput {
  function: string;
  message: string;
  level?: string;
  requestSid?: string;
}

/**
 * Serverless Services, their Environments and the function logs of each Environment, with the
 * limits Twilio documents for the logs: kept 30 days, and only the last 3 KB of each
 * invocation's output (older lines of an invocation are dropped, a single longer line keeps its
 * last 3 KB). Logs are kept oldest first; at most MAX_SERVERLESS_LOG_LINES in all.
 */
export class ServerlessStore {
  private readonly services: ServerlessService[] = [];
  private logs: ServerlessLog[] = [];
  /** Bytes of output stored per invocation, for the 3 KB limit. */
  private readonly invocationBytes = new Map<string, number>();

  createService(accountSid: string, uniqueName: string, friendlyName: string, now: number): ServerlessService {
    if (this.services.length >= MAX_SERVERLESS_SERVICES) throw new TwilioApiError(429, TwilioCode.TOO_MANY_REQUESTS, `At most ${MAX_SERVERLESS_SERVICES} Services in the emulator`);
    if (this.services.some((s) => s.accountSid === accountSid && s.uniqueName === uniqueName)) {
      throw new TwilioApiError(409, 20001, `Service with UniqueName ${uniqueName} already exists`);
    }
    const service: ServerlessService = { sid: newSid('ZS'), accountSid, uniqueName, friendlyName, includeCredentials: true, uiEditable: false, dateCreated: now, environments: [], functions: new Map() };
    this.services.push(service);
    return service;
  }

  /** A service of the account by SID or unique name. */
  findService(accountSid: string, sidOrName: string): ServerlessService | undefined {
    return this.services.find((s) => s.accountSid === accountSid && (s.sid === sidOrName || s.uniqueName === sidOrName));
  }

  /** A service of any account by SID (the control API feeds logs without credentials). */
  findServiceBySid(sid: string): ServerlessService | undefined {
    return this.services.find((s) => s.sid === sid);
  }

  listServices(accountSid: string): ServerlessService[] {
    return this.services.filter((s) => s.accountSid === accountSid);
  }

  createEnvironment(service: ServerlessService, uniqueName: string, domainSuffix: string | null, now: number): ServerlessEnvironment {
    if (service.environments.some((e) => e.uniqueName === uniqueName)) throw new TwilioApiError(409, 20001, `Environment with UniqueName ${uniqueName} already exists`);
    const environment: ServerlessEnvironment = { sid: newSid('ZE'), serviceSid: service.sid, uniqueName, domainSuffix, dateCreated: now };
    service.environments.push(environment);
    return environment;
  }

  /** Stores lines an environment's functions printed, each dated `now`. */
  append(service: ServerlessService, environment: ServerlessEnvironment, lines: readonly LogLineInput[], now: number): ServerlessLog[] {
    this.expire(now);
    const stored = lines.map((line) => this.appendOne(service, environment, line, now));
    if (this.logs.length > MAX_SERVERLESS_LOG_LINES) this.dropOldest(this.logs.length - MAX_SERVERLESS_LOG_LINES);
    return stored;
  }

  private appendOne(service: ServerlessService, environment: ServerlessEnvironment, line: LogLineInput, now: number): ServerlessLog {
    let functionSid = service.functions.get(line.function);
    if (!functionSid) {
      functionSid = newSid('ZH');
      service.functions.set(line.function, functionSid);
    }
    const requestSid = line.requestSid ?? newSid('RQ');
    const bytes = Buffer.from(line.message, 'utf8');
    const message = bytes.length > MAX_INVOCATION_LOG_BYTES ? bytes.subarray(bytes.length - MAX_INVOCATION_LOG_BYTES).toString('utf8') : line.message;
    const log: ServerlessLog = { sid: newSid('NO'), accountSid: service.accountSid, serviceSid: service.sid, environmentSid: environment.sid, functionSid, requestSid, level: line.level ?? 'info', message, dateCreated: now };
    this.logs.push(log);
    this.invocationBytes.set(requestSid, (this.invocationBytes.get(requestSid) ?? 0) + Buffer.byteLength(message));
    this.trimInvocation(requestSid);
    return log;
  }

  /** Drops an invocation's oldest lines until what is left fits in 3 KB. */
  private trimInvocation(requestSid: string): void {
    let bytes = this.invocationBytes.get(requestSid) ?? 0;
    if (bytes <= MAX_INVOCATION_LOG_BYTES) return;
    this.logs = this.logs.filter((log) => {
      if (log.requestSid !== requestSid || bytes <= MAX_INVOCATION_LOG_BYTES) return true;
      bytes -= Buffer.byteLength(log.message);
      return false;
    });
    this.invocationBytes.set(requestSid, bytes);
  }

  private dropOldest(count: number): void {
    for (const log of this.logs.slice(0, count)) this.forget(log);
    this.logs = this.logs.slice(count);
  }

  private forget(log: ServerlessLog): void {
    const left = (this.invocationBytes.get(log.requestSid) ?? 0) - Buffer.byteLength(log.message);
    if (left > 0) this.invocationBytes.set(log.requestSid, left);
    else this.invocationBytes.delete(log.requestSid);
  }

  /** Forgets logs older than the retention. */
  expire(now: number): void {
    const cutoff = now - LOG_RETENTION_MS;
    let index = 0;
    while (index < this.logs.length && this.logs[index].dateCreated < cutoff) index += 1;
    if (index > 0) this.dropOldest(index);
  }

  /** An environment's logs within the retention, newest first. */
  logsOf(environment: ServerlessEnvironment, now: number): ServerlessLog[] {
    this.expire(now);
    return this.logs.filter((log) => log.environmentSid === environment.sid).reverse();
  }

  reset(): void {
    this.services.length = 0;
    this.logs = [];
    this.invocationBytes.clear();
  }
}
