import { unusableLookupAnswer } from '../../../src/core/lookup';

const LINE_TYPE = ['line_type_intelligence'];

describe('unusableLookupAnswer', () => {
  it('calls an invalid number unusable, whatever was asked', () => {
    expect(unusableLookupAnswer({ valid: false }, ['sms_pumping_risk'])).toBe('invalid_number');
  });

  it('calls a missing line type or an error code in line_type_intelligence unusable when the line type was asked', () => {
    expect(unusableLookupAnswer({ valid: true, lineTypeIntelligence: null }, LINE_TYPE)).toBe('line_type_missing');
    expect(unusableLookupAnswer({ valid: true, lineTypeIntelligence: { type: null } }, LINE_TYPE)).toBe('line_type_missing');
    expect(unusableLookupAnswer({ valid: true, lineTypeIntelligence: { type: 'mobile', errorCode: 60601 } }, LINE_TYPE)).toBe('line_type_error');
  });

  it('accepts a valid answer with a line type, and does not expect one that was not asked', () => {
    expect(unusableLookupAnswer({ valid: true, lineTypeIntelligence: { type: 'mobile', errorCode: null } }, LINE_TYPE)).toBeUndefined();
    expect(unusableLookupAnswer({ valid: true, lineTypeIntelligence: null }, ['sms_pumping_risk'])).toBeUndefined();
  });
});
