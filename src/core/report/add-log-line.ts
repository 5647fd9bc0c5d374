import { toReportEvent } from './decision-event';
import { readLogRecord, type LogLine } from './log-record';
import { addAlert, addDecision, increment, type ReportState } from './report-state';

/**
 * Counts one log line: a decision or alert record is added to the report, anything else is
 * skipped and counted by why (`not_json`, `no_event`, or the event's name, e.g. `request.refused`,
 * which repeats the answer a decision record already holds).
 *
 * @example
 * for (const line of lines) addLogLine(state, line);
 */
export function addLogLine(state: ReportState, line: LogLine): void {
  state.read += 1;
  const record = readLogRecord(line);
  if (typeof record === 'string') {
    increment(state.skippedBy, record);
    return;
  }
  const event = toReportEvent(record);
  if (!event) {
    increment(state.skippedBy, `event:${record.event}`);
    return;
  }
  state.used += 1;
  if (event.kind === 'decision') addDecision(state, event);
  else addAlert(state, event);
}
