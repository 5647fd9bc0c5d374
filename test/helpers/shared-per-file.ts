/** How a shared test resource starts, ends, and is made ready for the next test. */
export interface PerFileLifecycle<T> {
  /** What the handle is called in the error for a use outside tests and hooks. */
  name: string;
  start(): Promise<T>;
  close(value: T): Promise<unknown>;
  /** Before each test (after the file's `beforeAll`, before its own `beforeEach` hooks). */
  beforeEachTest(value: T): Promise<unknown> | void;
}

/**
 * Registers the hooks of a resource a test file shares (an emulator harness, a callback
 * receiver): started once in `beforeAll`, closed after the file, made ready before each test.
 * Returns the accessor of the started value: a `use...` helper builds its handle of getters on
 * it, so a test file can keep the handle in a top-level `const` before anything has started.
 *
 * @example
 * const current = sharedPerFile({ name: 'useCallbackReceiver', start: startCallbackReceiver, close: (r) => r.close(), beforeEachTest: () => undefined });
 */
export function sharedPerFile<T>(lifecycle: PerFileLifecycle<T>): () => T {
  let started: T | undefined;
  beforeAll(async () => {
    started = await lifecycle.start();
  });
  afterAll(() => (started === undefined ? undefined : lifecycle.close(started)));
  const current = (): T => {
    if (started === undefined) throw new Error(`${lifecycle.name}: it starts in beforeAll; use it inside tests and hooks`);
    return started;
  };
  beforeEach(() => lifecycle.beforeEachTest(current()));
  return current;
}
