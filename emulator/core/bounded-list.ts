/**
 * An append-only list that keeps at most `capacity` entries, dropping the oldest: used for
 * recorded sends and the request log, which must not grow without bound under load.
 */
export class BoundedList<T> {
  private readonly capacity: number;
  private entries: T[] = [];

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  /** Appends an entry, dropping the oldest when full. */
  push(entry: T): void {
    this.entries.push(entry);
    // Trim in batches so a full list does not shift the whole array on every push.
    if (this.entries.length > this.capacity + Math.ceil(this.capacity / 10)) {
      this.entries = this.entries.slice(this.entries.length - this.capacity);
    }
  }

  /** The kept entries, oldest first. */
  toArray(): T[] {
    return this.entries.length > this.capacity ? this.entries.slice(this.entries.length - this.capacity) : [...this.entries];
  }

  /** Number of kept entries. */
  get size(): number {
    return Math.min(this.entries.length, this.capacity);
  }

  clear(): void {
    this.entries = [];
  }
}
