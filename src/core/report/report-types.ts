/** Counts of decisions by verdict. */
export interface VerdictCounts {
  allowed: number;
  refused: number;
  failed: number;
  other: number;
}

/** Money estimated from the Pricing API, in `currency`. */
export interface MoneyFigures {
  /** What the refused sends, calls and codes would have cost. */
  notSpent: number;
  /** What the allowed ones cost. */
  allowedCost: number;
}

/** One point of the time series (bucket start, epoch ms). */
export interface TimelinePoint extends MoneyFigures {
  start: number;
  allowed: number;
  refused: number;
}

/** Verification conversion of one country in one bucket, or over the whole range. */
export interface ConversionCounts {
  started: number;
  approved: number;
  /** approved / started, `null` when nothing was started. */
  rate: number | null;
}

/**
 * The report over one time range of decision logs, as `gatekeeper report --json` prints it and the
 * HTML page charts it. Every count is exact over the lines read; money is an estimate.
 */
export interface Report {
  range: { since: string; until: string };
  account: string;
  lines: {
    /** Log lines read. */
    read: number;
    /** Lines that are decision or alert records. */
    used: number;
    /** Lines skipped: not JSON, no event, or an event that is no decision (by event name). */
    skipped: number;
    skippedBy: Record<string, number>;
    /**
     * Seconds whose log lines could not all be read: they held more than the Logs API's 10,000
     * results per query (set by the log reader; 0 otherwise).
     */
    incompleteSeconds: number;
  };
  totals: VerdictCounts & { decisions: number };
  byEndpoint: (VerdictCounts & { endpoint: string; total: number })[];
  /** Refusals by endpoint and the rule that refused, most first. */
  byRule: { endpoint: string; rule: string; refused: number }[];
  /** Decisions by destination (or caller) country, most refusals first; `??` when unknown. */
  byCountry: { country: string; allowed: number; refused: number }[];
  /** Refusals by masked range (`+4474`), most first. */
  byRange: { range: string; country: string; allowed: number; refused: number }[];
  conversion: {
    byCountry: (ConversionCounts & { country: string })[];
    /** Per bucket, per country. */
    trend: { start: number; byCountry: Record<string, ConversionCounts> }[];
  };
  adaptive: { rule: string; refused: number; wouldRefuse: number; scopes: number }[];
  /** Gate mode switches seen in the decisions (and alerts that switched one), oldest first. */
  modeChanges: { at: string; from: string | null; to: string; seenIn: string }[];
  alerts: { source: string; outcome: string; action: string | null; subject: string | null; count: number; last: string }[];
  /** Inbound callers the TDoS guard refused most (masked and tagged). */
  topRefusedCallers: { caller: string; refused: number }[];
  /** Decisions taken despite store trouble, by where (`throttle:store_error_open`, `denyList:timeout`, ...). */
  storeIncidents: { kind: string; count: number }[];
  money: MoneyFigures & {
    currency: string;
    estimate: true;
    /** Refused sends that could not be priced (no country, or no price for it). */
    unpricedRefused: number;
    byCountry: (MoneyFigures & { country: string; refusedSms: number; refusedCalls: number })[];
  };
  timeline: { bucketMs: number; points: TimelinePoint[] };
}
