/** Something that happens at a simulated time. */
export interface SimEvent {
  time: number;
  run: () => Promise<void> | void;
}

interface Queued extends SimEvent {
  order: number;
}

/**
 * A min-heap of events by time; events due at the same time run in the order they were scheduled,
 * which keeps a run deterministic.
 */
export class EventQueue {
  private heap: Queued[] = [];
  private scheduled = 0;

  get size(): number {
    return this.heap.length;
  }

  push(event: SimEvent): void {
    this.heap.push({ ...event, order: this.scheduled++ });
    let index = this.heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.before(this.heap[index], this.heap[parent])) break;
      [this.heap[index], this.heap[parent]] = [this.heap[parent], this.heap[index]];
      index = parent;
    }
  }

  pop(): SimEvent | undefined {
    const top = this.heap[0];
    const last = this.heap.pop();
    if (this.heap.length > 0 && last) {
      this.heap[0] = last;
      let index = 0;
      for (;;) {
        const left = index * 2 + 1;
        const right = left + 1;
        let smallest = index;
        if (left < this.heap.length && this.before(this.heap[left], this.heap[smallest])) smallest = left;
        if (right < this.heap.length && this.before(this.heap[right], this.heap[smallest])) smallest = right;
        if (smallest === index) break;
        [this.heap[index], this.heap[smallest]] = [this.heap[smallest], this.heap[index]];
        index = smallest;
      }
    }
    return top;
  }

  private before(a: Queued, b: Queued): boolean {
    return a.time < b.time || (a.time === b.time && a.order < b.order);
  }
}
