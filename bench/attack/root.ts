import { join } from 'node:path';

/** The repository root, from dist/bench/*.js (where every attack entry point is built to). */
export const ROOT_DIR = join(__dirname, '..', '..');
