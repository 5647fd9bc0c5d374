import { ACCOUNT_CHECKS, MANUAL_CHECKS } from './account-checks';
import type { CheckDefinition } from './finding';
import { GEO_CHECKS } from './geo-checks';
import { NUMBER_CHECKS } from './number-checks';
import { SIP_CHECKS } from './sip-checks';
import { TRIGGER_CHECKS } from './trigger-checks';

/** Every audit check, in report order. docs/account.md lists the same table. */
export const AUDIT_CHECKS: readonly CheckDefinition[] = [...GEO_CHECKS, ...TRIGGER_CHECKS, ...NUMBER_CHECKS, ...SIP_CHECKS, ...ACCOUNT_CHECKS, ...MANUAL_CHECKS];
