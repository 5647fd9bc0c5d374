import { startEmulator, type RunningEmulator } from '../../emulator';
import { EmulatorControl } from '../../emulator/control/control-client';

/** The emulator one test file shares, reset before each of its tests. */
export interface FileEmulator {
  readonly url: string;
  readonly control: EmulatorControl;
}

/**
 * Starts an emulator on loopback for the calling test file (`beforeAll`), resets all its state
 * before each test (`beforeEach`, before the file's own hooks) and closes it after the file.
 * Call it at the top level of a test file.
 *
 * @example
 * const emulator = useFileEmulator();
 * it('...', async () => { await emulator.control.injectFault(...); fetch(emulator.url) });
 */
export function useFileEmulator(): FileEmulator {
  let running: RunningEmulator | undefined;
  let control: EmulatorControl | undefined;
  beforeAll(async () => {
    running = await startEmulator({ quiet: true });
    control = new EmulatorControl(running.url);
  });
  afterAll(() => running?.close());
  beforeEach(async () => {
    await control?.reset();
  });
  const started = () => {
    if (!running || !control) throw new Error('useFileEmulator: the emulator starts in beforeAll; use it inside tests and hooks');
    return { running, control };
  };
  return {
    get url() {
      return started().running.url;
    },
    get control() {
      return started().control;
    },
  };
}
