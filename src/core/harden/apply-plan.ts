import { describeReadError } from '../audit/read-account';
import type { PlanStep, RecordedStep, UndoRecord } from './plan-step';
import { HARDEN_EXECUTOR, type StepClients, type StepExecutor } from './step-actions';

/** Where the undo record is kept; saved before the first change and after every step. */
export interface UndoJournal {
  save(record: UndoRecord): Promise<void>;
}

export interface ApplyOptions {
  clients: StepClients;
  journal: UndoJournal;
  tool: UndoRecord['tool'];
  accountSid: string;
  target: string;
  now: number;
  /** Apply guarded steps too; otherwise they are recorded as skipped. */
  includeGuarded: boolean;
  /** Called after each step, for progress lines. */
  onStep?: (step: RecordedStep) => void;
  /** What carries out each step; default: harden's steps. */
  executor?: StepExecutor;
}

function withStep(record: UndoRecord, index: number, step: RecordedStep): UndoRecord {
  return { ...record, steps: record.steps.map((s, i) => (i === index ? step : s)) };
}

/**
 * Applies a plan step by step. The undo record is saved before the first change (every step
 * `planned`, or `skipped` when guarded) and again after each step, so a crash leaves a record of
 * everything done so far. A failing step is recorded and the run goes on: steps are independent.
 */
export async function applyPlan(steps: readonly PlanStep[], options: ApplyOptions): Promise<UndoRecord> {
  const initial: RecordedStep[] = steps.map((step) => {
    const skip = step.guarded && !options.includeGuarded;
    return { ...step, status: skip ? 'skipped' : 'planned', created: [], note: skip ? 'guarded: run with --include-guarded to apply' : null };
  });
  let record: UndoRecord = { tool: options.tool, version: 1, createdAt: new Date(options.now).toISOString(), accountSid: options.accountSid, target: options.target, steps: initial };
  await options.journal.save(record);
  for (let index = 0; index < record.steps.length; index += 1) {
    const step = record.steps[index];
    if (step.status !== 'planned') {
      options.onStep?.(step);
      continue;
    }
    let next: RecordedStep;
    try {
      const outcome = await (options.executor ?? HARDEN_EXECUTOR).apply(step, options.clients);
      next = { ...step, action: outcome.action, status: outcome.status, created: outcome.created, note: outcome.note };
    } catch (error) {
      next = { ...step, status: 'failed', note: describeReadError(step.call.split(' (')[0], error) };
    }
    record = withStep(record, index, next);
    await options.journal.save(record);
    options.onStep?.(next);
  }
  return record;
}

/** What undo did. */
export interface UndoResult {
  record: UndoRecord;
  /** Lines for things restored only in part, or not at all. */
  notes: string[];
}

/**
 * Reverses the applied steps of a record, last first, and saves the record after each. A step
 * that failed part-way (some countries refused) is reversed for what it recorded as written.
 */
export async function undoPlan(recorded: UndoRecord, clients: StepClients, journal: UndoJournal, executor: StepExecutor = HARDEN_EXECUTOR): Promise<UndoResult> {
  let record = recorded;
  const notes: string[] = [];
  for (let index = record.steps.length - 1; index >= 0; index -= 1) {
    const step = record.steps[index];
    const reversible = step.status === 'applied' || (step.status === 'failed' && step.action.kind === 'sms-permissions');
    if (!reversible) continue;
    let next: RecordedStep;
    try {
      const note = await executor.undo(step, clients);
      if (note) notes.push(`${step.key}: ${note}`);
      next = { ...step, status: 'undone', note };
    } catch (error) {
      const note = describeReadError(`undo ${step.key}`, error);
      notes.push(note);
      next = { ...step, status: 'undo-failed', note };
    }
    record = withStep(record, index, next);
    await journal.save(record);
  }
  return { record, notes };
}
