import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, join } from 'node:path';
import { LocalDevelopmentServer } from '@twilio/runtime-handler/dev';
import { fsHelpers } from '@twilio-labs/serverless-api';

export const PROJECT_ROOT = join(__dirname, '..', '..');

export interface RunningBundle {
  url: string;
  close(): Promise<void>;
}

export interface StartBundleOptions {
  /** Serve the assets of this folder instead of dist/assets (an overridden policy, for instance). */
  assetsDir?: string;
}

/**
 * Serves the BUILT bundle (dist/functions, dist/assets) with Twilio's own local runtime
 * (`@twilio/runtime-handler/dev`, what `twilio-run start` uses), on 127.0.0.1 and an ephemeral
 * port. Functions run in this process (like a warm instance), so state kept by a function
 * survives between requests as it does in production.
 */
export async function startBundle(env: Record<string, string>, options: StartBundleOptions = {}): Promise<RunningBundle> {
  const { functions } = await fsHelpers.getListOfFunctionsAndAssets(PROJECT_ROOT, { functionsFolderNames: ['dist/functions'], assetsFolderNames: [] });
  const { assets } = options.assetsDir
    ? await fsHelpers.getListOfFunctionsAndAssets(dirname(options.assetsDir), { functionsFolderNames: [], assetsFolderNames: [basename(options.assetsDir)] })
    : await fsHelpers.getListOfFunctionsAndAssets(PROJECT_ROOT, { functionsFolderNames: [], assetsFolderNames: ['dist/assets'] });
  const routes = { functions, assets };
  if (routes.functions.length === 0) throw new Error('dist/functions is empty: run `npm run build` first');

  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const runtime = new LocalDevelopmentServer(port, {
    baseDir: PROJECT_ROOT,
    env,
    port,
    url,
    detailedLogs: false,
    live: false,
    logs: false,
    legacyMode: false,
    appName: 'twilio-fraud-gatekeeper',
    forkProcess: false,
    routes,
    enableDebugLogs: false,
  });
  server.on('request', runtime.getApp());

  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
