import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Chart.js's browser build, inlined into the HTML report. Read from the installed package (a
 * development dependency: the report runs from a clone, never in a deployed function). The
 * package exports only its module entry points, so the UMD file is found beside the main one.
 */
export function readChartLibrary(): string {
  return readFileSync(join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'), 'utf8');
}
