import { startEmulator } from '../../emulator';
import { EmulatorControl } from '../../emulator/control/control-client';
import { sharedPerFile } from './shared-per-file';

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
  const current = sharedPerFile({
    name: 'useFileEmulator',
    start: async () => {
      const running = await startEmulator({ quiet: true });
      return { running, control: new EmulatorControl(running.url) };
    },
    close: ({ running }) => running.close(),
    beforeEachTest: ({ control }) => control.reset(),
  });
  return {
    get url() {
      return current().running.url;
    },
    get control() {
      return current().control;
    },
  };
}
