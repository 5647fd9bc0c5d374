import type twilio from 'twilio';
import type { BackoffMemory } from '../adaptive/number-backoff-check';
import type { RangeBlockCache } from '../adaptive/range-conversion-check';
import type { BudgetMemory } from '../adaptive/unconverted-budget-check';
import type { DenyList } from '../deny-list';
import type { GateModeReader, GateModeStore } from '../gate-mode';
import type { KnownCallerMemory } from '../inbound/known-caller-memory';
import type { NumberList } from '../number-list';
import type { CompiledPolicy } from '../policy';
import type { Throttle } from '../throttle';
import type { VerifiedNumbers } from '../verify/verified-numbers';
import type { RepeatRefusalMemory } from '../voice/range-repeat-check';

/**
 * What every gate decides with, built once per warm instance and reused across requests. Only the
 * shape lives here, with type-only imports: the domains take a runtime, and the composition root
 * (`src/compose/gate-runtime.ts`, imported by the functions and the simulator, never by
 * `src/core`) builds it.
 */
export interface GateRuntime {
  policy: CompiledPolicy;
  throttle: Throttle;
  /** The policy and throttle the gate mode `strict` switches to (same stores, stricter rules). */
  strict: { policy: CompiledPolicy; throttle: Throttle };
  /** The gate mode (normal, strict, lockdown), read through a per-instance cache of at most 5 s. */
  gateMode: GateModeReader;
  /** Where the gate mode lives, for the webhooks that switch it. */
  gateModeStore: GateModeStore;
  /** Counts Debugger alerts per code and resource (`alerts/debugger`), on the throttle's store. */
  alertCounter: Throttle;
  verified: VerifiedNumbers;
  /** The runtime deny list of callers and senders the inbound gates check (`gatekeeper deny`). */
  denyList: DenyList;
  /** The runtime safe list of numbers `verify/start` lets past blocked ranges (`gatekeeper allow`). */
  safeList: NumberList;
  client: twilio.Twilio;
  /** Ranges this warm instance knows the low-conversion rule refuses (no store reads for them). */
  rangeBlocks: RangeBlockCache;
  /** Numbers this warm instance knows the per-number backoff refuses, until when. */
  backoffs: BackoffMemory;
  /** Scopes this warm instance knows are over their unconverted-send budget, and approvals it read recently. */
  budgets: BudgetMemory;
  /** Countries this warm instance knows are over their outbound calls' range-repeat budget. */
  repeatRefusals: RepeatRefusalMemory;
  /** Which callers were admitted on an earlier UTC day (`inbound.knownCallers`), on the throttle's store, with this instance's view of their records. */
  knownCallers: KnownCallerMemory;
  /** The clock of the gate's decisions (epoch ms). */
  now: () => number;
}
