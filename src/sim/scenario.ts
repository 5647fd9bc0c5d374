/** A simulation scenario as `parseScenario` returns it: every default applied. See docs/simulate.md. */
export interface Scenario {
  name: string;
  /** Seeds every random draw (arrivals, numbers, delays, instance choice). */
  seed: number;
  durationHours: number;
  /**
   * Hours of the app's ordinary traffic before the run: the legit groups that start at hour 0 run
   * through them, attackers do not, and nothing in them is counted. The gate then judges the run
   * with an established deployment's history (the app's countries, their weekly baselines), not
   * as deployed the minute the attack starts.
   */
  historyHours: number;
  /** Gate instances, each with its own warm caches. */
  instances: number;
  /** How requests are spread over instances. */
  routing: 'round-robin' | 'random';
  /** Path of a policy file (relative to the scenario file); undefined: the built-in default policy. */
  policy: string | undefined;
  store: { rateLimits: boolean; latencyMs: number };
  traffic: TrafficGroup[];
}

export type TrafficKind = 'legit' | 'attacker';
export type TrafficAction = 'verify' | 'voice-outbound' | 'voice-inbound';
export type Pacing = 'uniform' | 'poisson' | 'burst';
export type IdentityMode = 'none' | 'per-user' | 'rotate' | 'fixed';
/** Line types a scenario can ask numbers of (libphonenumber's types). */
export type ScenarioLineType = 'mobile' | 'landline' | 'premium' | 'tollFree' | 'sharedCost' | 'voip' | 'uan' | 'personal';

/** Where a group's numbers come from: generated per country and line type, or listed. */
export interface NumberSource {
  countries: string[];
  /** Relative weights of `countries` for fresh numbers (empty: every country alike). */
  countryWeights?: number[];
  lineType: ScenarioLineType;
  /** Numbers are drawn from this many ranges (0: every number is drawn fresh). */
  ranges: number;
  /** Digits of the E.164 number (without `+`) that numbers of one range share. */
  rangeDigits: number;
  /** Distinct numbers the group reuses (0: a fresh number per user or attempt). */
  pool: number;
  numbers: string[];
  prefixes: string[];
}

/** One stream of users or attacks. */
export interface TrafficGroup {
  name: string;
  kind: TrafficKind;
  action: TrafficAction;
  channel: 'sms' | 'call' | 'whatsapp';
  perHour: number;
  pacing: Pacing;
  /** Arrivals per burst (`pacing: burst`). */
  burstSize: number;
  numbers: NumberSource;
  /** Share of verifications whose code gets entered (owned SIMs for an attacker). */
  conversion: number;
  enterCodeAfterSeconds: [number, number];
  resendProbability: number;
  resendAfterSeconds: [number, number];
  identity: IdentityMode;
  /** Waits for `Retry-After` and tries the same request again. */
  obeyRetryAfter: boolean;
  /** Legit only: share of users whose numbers are drawn from the attacker groups' ranges. */
  shareFromAttackerRanges: number;
  /** Legit only: share of arrivals that are a user the group has seen before (history included), with the number they used then. */
  returningShare: number;
  /** Hour the group starts and stops (from the start of the run). */
  fromHour: number;
  toHour: number;
}
