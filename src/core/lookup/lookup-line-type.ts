import type { LineType } from '../phone/parse-phone';

/** Twilio Lookup v2 `line_type_intelligence.type` values mapped onto libphonenumber's types. */
const LOOKUP_LINE_TYPES: Readonly<Record<string, LineType>> = {
  mobile: 'MOBILE',
  landline: 'FIXED_LINE',
  tollFree: 'TOLL_FREE',
  fixedVoip: 'VOIP',
  nonFixedVoip: 'VOIP',
  personal: 'PERSONAL_NUMBER',
  premium: 'PREMIUM_RATE',
  voicemail: 'VOICEMAIL',
  sharedCost: 'SHARED_COST',
  uan: 'UAN',
  pager: 'PAGER',
  unknown: 'UNKNOWN',
};

/** Maps a Lookup line type to ours; anything unexpected is `UNKNOWN` (and refused unless allowed). */
export function fromLookupLineType(type: unknown): LineType {
  return typeof type === 'string' && Object.hasOwn(LOOKUP_LINE_TYPES, type) ? LOOKUP_LINE_TYPES[type] : 'UNKNOWN';
}
