import examples from 'libphonenumber-js/mobile/examples';
import { getCountryCallingCode, getExampleNumber, parsePhoneNumberFromString, type CountryCode, type NumberType } from 'libphonenumber-js/max';
import { createRandom, type Random } from './random';
import { ScenarioError } from './scenario-error';
import type { NumberSource, ScenarioLineType } from './scenario';

const LIBPHONENUMBER_TYPES: Record<ScenarioLineType, NumberType[]> = {
  mobile: ['MOBILE', 'FIXED_LINE_OR_MOBILE'],
  landline: ['FIXED_LINE', 'FIXED_LINE_OR_MOBILE'],
  premium: ['PREMIUM_RATE'],
  tollFree: ['TOLL_FREE'],
  sharedCost: ['SHARED_COST'],
  voip: ['VOIP'],
  uan: ['UAN'],
  personal: ['PERSONAL_NUMBER'],
};
/** Random fills tried before a source is declared unable to produce a number. */
const MAX_TRIES = 400;

/** Draws numbers for one traffic group: valid for their country and line type (libphonenumber). */
export interface NumberDrawer {
  /** A number, by the source's rules (a range, the pool, a prefix or anywhere in a country). */
  draw(): string;
  /** The source's ranges as E.164 digit prefixes (empty when it has none). */
  readonly ranges: readonly string[];
}

function randomDigits(random: Random, count: number): string {
  let digits = '';
  for (let index = 0; index < count; index += 1) digits += String(random.int(10));
  return digits;
}

/** A valid number of `types` whose E.164 digits start with `head` and are `length` long, or undefined. */
function fillValid(random: Random, head: string, length: number, types: readonly NumberType[], tries = MAX_TRIES): string | undefined {
  for (let attempt = 0; attempt < tries; attempt += 1) {
    const e164 = `+${head}${randomDigits(random, length - head.length)}`;
    const phone = parsePhoneNumberFromString(e164);
    const type = phone?.isValid() ? phone.getType() : undefined;
    if (type && types.includes(type)) return e164;
  }
  return undefined;
}

/** Random fills tried per (head, length) while looking for where a country's numbers of a type live. */
const DISCOVERY_TRIES = 200;

/** Where a country's numbers of a line type were last found: leading digits and length to fill. */
const templates = new Map<string, { head: string; length: number; tries: number } | null>();

/**
 * The (head, length) pairs worth trying: the example's digits for mobiles; for other types (which
 * libphonenumber gives no examples of) every head of the calling code and two more digits, at
 * every length, so a type that lives behind a prefix such as +49 900 is found too.
 */
function candidateTemplates(country: string, lineType: ScenarioLineType): Array<{ head: string; length: number; tries: number }> {
  const callingCode = getCountryCallingCode(country as CountryCode);
  const sample = lineType === 'mobile' ? getExampleNumber(country as CountryCode, examples)?.number.slice(1) : undefined;
  if (sample) return Array.from({ length: sample.length - callingCode.length - 1 }, (_, extra) => ({ head: sample.slice(0, callingCode.length + 1 + extra), length: sample.length, tries: MAX_TRIES }));
  const heads = Array.from({ length: 100 }, (_, digits) => `${callingCode}${String(digits).padStart(2, '0')}`);
  return Array.from({ length: 8 }, (_, extra) => 8 + extra).flatMap((length) => heads.map((head) => ({ head, length, tries: 20 })));
}

/**
 * Finds where a country's numbers of a line type live, with a random stream of its own: were the
 * search to draw from the group's stream, the first run in a process (which searches) would draw
 * different numbers from every later run (which finds the template cached), and the same seed
 * would not give the same result.
 */
function discoverTemplate(country: string, lineType: ScenarioLineType): { head: string; length: number; tries: number } | null {
  const types = LIBPHONENUMBER_TYPES[lineType];
  const search = createRandom(0x5eed).fork(`${country}:${lineType}`);
  for (const template of candidateTemplates(country, lineType)) {
    // More tries than a draw gets: a rare type (German premium rate lives behind +49 900 1/3/5/9) must not be missed by bad luck.
    const found = fillValid(search, template.head, template.length, types, Math.max(template.tries, DISCOVERY_TRIES));
    if (found && parsePhoneNumberFromString(found)?.country === country) return template;
  }
  return null;
}

function countryNumber(random: Random, country: string, lineType: ScenarioLineType, path: string): string {
  const types = LIBPHONENUMBER_TYPES[lineType];
  const key = `${country}:${lineType}`;
  if (!templates.has(key)) templates.set(key, discoverTemplate(country, lineType));
  const known = templates.get(key);
  if (!known) throw new ScenarioError(path, `libphonenumber knows no valid ${lineType} numbers for ${country}`);
  for (const template of [{ ...known, tries: MAX_TRIES }, ...candidateTemplates(country, lineType)]) {
    const found = fillValid(random, template.head, template.length, types, template.tries);
    if (found && parsePhoneNumberFromString(found)?.country === country) return found;
  }
  throw new ScenarioError(path, `libphonenumber knows no valid ${lineType} numbers for ${country}`);
}

/**
 * Makes the number drawer of a group's `numbers` source. With `ranges`, the ranges are drawn once
 * (each the first `rangeDigits` digits of a valid number, spread over the countries in turn) and
 * every number falls in one of them; with `pool`, that many numbers are drawn once and reused.
 *
 * @example
 * drawer(random, { countries: ['GB'], lineType: 'mobile', ranges: 10, rangeDigits: 8, ... }, 'traffic[1].numbers').draw()
 */
export function createNumberDrawer(random: Random, source: NumberSource, path: string): NumberDrawer {
  const types = LIBPHONENUMBER_TYPES[source.lineType];
  const weights = source.countryWeights;
  const total = weights ? weights.reduce((sum, weight) => sum + weight, 0) : 0;
  const weightedCountry = (): number => {
    let left = random.next() * total;
    const index = (weights as number[]).findIndex((weight) => (left -= weight) < 0);
    return index < 0 ? (weights as number[]).length - 1 : index;
  };
  const fresh = (): string => {
    const options = source.countries.length + source.prefixes.length + source.numbers.length;
    const pick = weights ? weightedCountry() : random.int(options);
    if (pick < source.countries.length) return countryNumber(random, source.countries[pick], source.lineType, `${path}.countries[${pick}]`);
    if (pick < source.countries.length + source.prefixes.length) {
      const index = pick - source.countries.length;
      return prefixNumber(random, source.prefixes[index], types, `${path}.prefixes[${index}]`);
    }
    return source.numbers[pick - source.countries.length - source.prefixes.length];
  };
  const ranges: string[] = [];
  const lengths = new Map<string, number>();
  for (let index = 0; index < source.ranges; index += 1) {
    const country = source.countries[index % Math.max(1, source.countries.length)];
    const base = country ? countryNumber(random, country, source.lineType, `${path}.countries`) : fresh();
    ranges.push(base.slice(1, 1 + source.rangeDigits));
    // Numbers of a range have the length of the number it was cut from.
    lengths.set(base.slice(1, 1 + source.rangeDigits), base.length - 1);
  }
  // A range that yields no valid number of the type (rare: a prefix shared by two lengths) is skipped for another.
  const inRange = (): string => {
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const range = ranges[random.int(ranges.length)];
      const found = fillValid(random, range, lengths.get(range) ?? 12, types);
      if (found) return found;
    }
    throw new ScenarioError(`${path}.ranges`, 'its ranges yield no valid numbers of the line type; use fewer rangeDigits');
  };
  const pool = Array.from({ length: source.pool }, () => (ranges.length > 0 ? inRange() : fresh()));
  return {
    ranges,
    draw() {
      if (pool.length > 0) return pool[random.int(pool.length)];
      if (ranges.length > 0) return inRange();
      return fresh();
    },
  };
}

function prefixNumber(random: Random, prefix: string, types: readonly NumberType[], path: string): string {
  const head = prefix.slice(1);
  for (let length = Math.max(head.length + 1, 8); length <= 15; length += 1) {
    const found = fillValid(random, head, length, types);
    if (found) return found;
  }
  throw new ScenarioError(path, `no valid number of the group's line type starts with ${prefix}`);
}
