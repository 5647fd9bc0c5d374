import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { getExampleNumber, type CountryCode } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import type { Scenario } from '../scenario';
import { topRulesOf } from '../scenario';
import { ROOT, type AttackStack } from '../stack';
import { legitNumber, paced, seeded, top } from '../traffic';

const FORWARD_TO = '+447400999888';
const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false });

interface CorpusLine {
  text: string;
  country?: string;
  expect?: string[];
  keep?: string[];
}

/**
 * The held-out corpus (bench/attack/corpus): messages written for this suite only, which the
 * sanitizer's unit tests (test/fixtures/sms) never see, so its figures do not reward fitting.
 */
function corpus(file: string): CorpusLine[] {
  return readFileSync(join(ROOT, 'bench', 'attack', 'corpus', file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as CorpusLine);
}

/** What reached the forward destination: the text of the TwiML `<Message>`, if any. */
function forwardedText(twiml: string): string | undefined {
  const message = (parser.parse(twiml) as { Response?: { Message?: unknown } }).Response?.Message;
  if (message === undefined) return undefined;
  return typeof message === 'string' ? message : String((message as { '#text'?: unknown })['#text'] ?? '');
}

function receivingNumber(country: string | undefined): string {
  return getExampleNumber((country ?? 'GB') as CountryCode, examples)?.number ?? '+447400100200';
}

function deliver(stack: AttackStack, from: string, line: CorpusLine, index: number) {
  return stack.webhook('/sms/inbound', {
    MessageSid: `SM${index.toString(16).padStart(32, '0')}`,
    AccountSid: `AC${'0'.repeat(31)}1`,
    From: from,
    To: receivingNumber(line.country),
    Body: line.text,
    NumMedia: '0',
    ApiVersion: '2010-04-01',
  });
}

export const smishingInbound: Scenario = {
  name: 'smishing-inbound',
  models: 'Smishing relayed through an SMS inbox: held-out phishing in many disguises (shorteners, hxxp, [.] and "dot com", look-alike domains, call-back numbers) sent to a number whose messages are forwarded.',
  env: { GATE_SMS_FORWARD_TO: FORWARD_TO },
  async run(stack, seed) {
    const random = seeded(seed * 9 + 1);
    const phishing = corpus('phishing-holdout.jsonl');
    const benign = corpus('benign-holdout.jsonl');
    const attackers = Array.from({ length: 10 }, () => legitNumber(random));
    const traffic = [...phishing.map((line) => ({ line, attack: true })), ...benign.map((line) => ({ line, attack: false }))].sort(() => random() - 0.5);
    const results = await paced(traffic.length, 10, async (i) => {
      const { line, attack } = traffic[i];
      const from = attack ? attackers[i % attackers.length] : legitNumber(random);
      const forwarded = forwardedText((await deliver(stack, from, line, i)).text);
      return { line, attack, forwarded };
    });
    const attackResults = results.filter((result) => result.attack);
    const legitResults = results.filter((result) => !result.attack);
    // A leak: any link or number the corpus marks for removal that reached the destination.
    const leaks = attackResults.filter((result) => result.forwarded !== undefined && (result.line.expect ?? []).some((span) => result.forwarded?.includes(span)));
    const intact = legitResults.filter((result) => result.forwarded !== undefined && (result.line.keep ?? []).every((span) => result.forwarded?.includes(span)));
    return {
      attackRequests: attackResults.length,
      attackSends: leaks.length,
      attackForwardedSanitized: attackResults.filter((result) => result.forwarded !== undefined).length,
      legitRequests: legitResults.length,
      legitSuccessRate: intact.length / legitResults.length,
      topRefusals: top(attackResults.filter((result) => result.forwarded === undefined).map(() => 'dropped')),
      topRules: topRulesOf(stack.decisions),
    };
  },
};
