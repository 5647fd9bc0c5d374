/**
 * Thrown by `add` when an entry cannot be stored (list full, prefixes on a list of exact numbers,
 * invalid expiry, endless races).
 *
 * @example
 * try { await denyList.add(target); } catch (error) { if (error instanceof NumberListError) report(error.message); }
 */
export class NumberListError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NumberListError';
  }
}
