import type { GateModeDocument } from '../gate-mode';

/**
 * A plan is data: steps with the exact API call, the values before and after, and whether the
 * step could cut traffic the policy allows (`guarded`). The same steps, with their results, are
 * the undo record.
 */

import type { DialingFlags, TriggerSpec } from '../audit/account-snapshot';

export type { DialingFlags, TriggerSpec } from '../audit/account-snapshot';


/** The change a step makes, by kind; `before` values are what undo restores. */
export type StepAction =
  | { kind: 'voice-flags'; changes: { iso: string; before: DialingFlags; after: DialingFlags }[] }
  | { kind: 'sms-permissions'; changes: { iso: string; before: boolean; after: boolean }[] }
  | { kind: 'trigger-create'; create: TriggerSpec }
  | { kind: 'trigger-callback'; triggerSid: string; before: string; after: string }
  | { kind: 'trigger-rearm'; triggerSid: string; before: TriggerSpec; after: TriggerSpec }
  | { kind: 'trunk-transfer'; trunkSid: string; before: string; after: string }
  | { kind: 'voice-inherit'; before: boolean; after: boolean }
  | LockdownAction;

/** How a number's calls and messages are routed (what lockdown re-points and undo restores). */
export interface NumberRouting {
  voiceUrl: string | null;
  voiceApplicationSid: string | null;
  trunkSid: string | null;
  smsUrl: string | null;
  smsApplicationSid: string | null;
}


/** Changes only `gatekeeper lockdown` makes. */
export type LockdownAction =
  | { kind: 'gate-mode'; before: GateModeDocument | null; after: GateModeDocument }
  | { kind: 'account-status'; subaccountSid: string; before: string; after: 'suspended' }
  | { kind: 'end-calls'; calls: { sid: string; before: string; after: 'completed' | 'canceled' }[] }
  | { kind: 'number-routing'; numberSid: string; before: NumberRouting; after: NumberRouting }
  /**
   * Callers onto the deny list. `numbers` holds the E.164 numbers to add and is never written to
   * the undo file (the journal drops it); undo removes the entries by their hashed `id`.
   */
  | { kind: 'deny-callers'; ttlSeconds: number; entries: { display: string; id: string | null }[]; numbers?: string[] }
  | { kind: 'delete-keys'; keys: { sid: string; friendlyName: string }[] }
  /** The Auth Token rotated (secondary created, then promoted); the token itself is never recorded. */
  | { kind: 'rotate-token'; tokenFile: string };

/** One step of a plan. */
export interface PlanStep {
  /** The step kind users select with --only, e.g. `voice.high-risk-off`. */
  id: string;
  /** Unique within the plan: kind, account and resource. */
  key: string;
  accountSid: string;
  /** True when the step could cut traffic the policy allows; applied only with --include-guarded. */
  guarded: boolean;
  /** The API call(s), as a person would read them. */
  call: string;
  /** Short before / after text for the plan table. */
  before: string;
  after: string;
  action: StepAction;
}

/** What happened to a step when the plan was applied. */
export type StepStatus = 'planned' | 'applied' | 'already' | 'skipped' | 'failed' | 'undone' | 'undo-failed';

/** A step in the undo record: the step, its status, and what it created (for undo). */
export interface RecordedStep extends PlanStep {
  status: StepStatus;
  /** SIDs the step created (a trigger), which undo deletes. */
  created: string[];
  /** Why the step failed or was skipped (no secrets). */
  note: string | null;
}

/** The undo record of one `harden --apply` or `lockdown --apply` run. */
export interface UndoRecord {
  tool: 'gatekeeper-harden' | 'gatekeeper-lockdown';
  version: 1;
  createdAt: string;
  accountSid: string;
  target: string;
  steps: RecordedStep[];
}
