import { CORPUS_SOURCES, measureCorpus, percent, type CorpusSplit } from '../../fixtures/sms/real/measure-corpus';

/** The targets of docs/sanitizing.md: spam with a link or number cleaned, ordinary messages unchanged. */
const MIN_SPAM_CLEANED_PERCENT = 98;
const MIN_ORDINARY_UNCHANGED_PERCENT = 99;

describe('real SMS corpus (test/fixtures/sms/real, judged by an independent oracle)', () => {
  it('holds at least 500 spam messages with a link or number and 500 ordinary messages', () => {
    const all = measureCorpus();
    expect(all.spam).toBeGreaterThanOrEqual(500);
    expect(all.ordinary).toBeGreaterThanOrEqual(500);
  });

  it('has messages of every source in both splits', () => {
    for (const source of CORPUS_SOURCES) {
      for (const split of ['tuning', 'reporting'] as const) expect(measureCorpus(split, [source]).spam).toBeGreaterThan(20);
    }
  });

  it.each<CorpusSplit>(['tuning', 'reporting'])(`cleans at least ${MIN_SPAM_CLEANED_PERCENT}% of spam and leaves at least ${MIN_ORDINARY_UNCHANGED_PERCENT}% of ordinary messages unchanged on the %s split`, (split) => {
    const figures = measureCorpus(split);
    // The messages past the allowance are listed on failure (ids of the corpus files).
    const allowedLeaks = Math.floor((figures.spam * (100 - MIN_SPAM_CLEANED_PERCENT)) / 100);
    const allowedChanges = Math.floor((figures.ordinary * (100 - MIN_ORDINARY_UNCHANGED_PERCENT)) / 100);
    expect(figures.leaks.map((leak) => leak.id).slice(allowedLeaks)).toEqual([]);
    expect(figures.changed.map((change) => change.id).slice(allowedChanges)).toEqual([]);
    expect(percent(figures.spamCleaned, figures.spam)).toBeGreaterThanOrEqual(MIN_SPAM_CLEANED_PERCENT);
    expect(percent(figures.ordinaryUnchanged, figures.ordinary)).toBeGreaterThanOrEqual(MIN_ORDINARY_UNCHANGED_PERCENT);
  });
});
