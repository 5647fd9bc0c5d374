import { capacityExceeded, notFound } from './errors';

/** A record owned by one account. */
export interface OwnedRecord {
  sid: string;
  accountSid: string;
}

/**
 * Records of one kind (trunks, IP ACLs, keys...) keyed by SID, each owned by an account, with a
 * per-account cap. Lookups are scoped: another account's SID is not found, as on Twilio.
 */
export class AccountTable<T extends OwnedRecord> {
  private readonly records = new Map<string, T>();

  constructor(
    private readonly what: string,
    private readonly perAccount: number,
  ) {}

  add(record: T): T {
    if (this.forAccount(record.accountSid).length >= this.perAccount) throw capacityExceeded(`${this.what} per account`, this.perAccount);
    this.records.set(record.sid, record);
    return record;
  }

  get(accountSid: string, sid: string): T | undefined {
    const record = this.records.get(sid);
    return record?.accountSid === accountSid ? record : undefined;
  }

  /** The account's record with this SID, or a 404 naming `twilioPath`. */
  found(accountSid: string, sid: string, twilioPath: string): T {
    const record = this.get(accountSid, sid);
    if (!record) throw notFound(twilioPath);
    return record;
  }

  delete(accountSid: string, sid: string): boolean {
    if (!this.get(accountSid, sid)) return false;
    return this.records.delete(sid);
  }

  /** The account's records, oldest first. */
  forAccount(accountSid: string): T[] {
    return [...this.records.values()].filter((r) => r.accountSid === accountSid);
  }

  all(): T[] {
    return [...this.records.values()];
  }

  /** Every record, for state snapshots. */
  snapshot(): T[] {
    return this.all();
  }

  reset(): void {
    this.records.clear();
  }
}
