/**
 * Top-level domains, for the places where this module decides on its own whether text is a host
 * (disguised hosts like `paypal[.]com`, and sanity checks on linkify's bare-domain matches).
 * linkifyjs keeps the full IANA list for plain links.
 *
 * - Every delegated country-code TLD, so any country's phishing host is caught.
 * - The generic TLDs in wide use and those abused most in smishing (Spamhaus and APWG reports:
 *   top, xyz, icu, cyou, sbs, cfd, bond, buzz, vip, live, link, click, online, site, shop, …),
 *   the brand-protection magnets (bank, support, help, delivery, …), and the punycode forms of
 *   the common internationalized TLDs (`xn--p1ai` = рф).
 * - `zip` and `mov` are real TLDs (Google, 2023) and are abused precisely because they look like
 *   file names: `invoice.zip` is a host a phone will link, so it is removed. File extensions that
 *   are not TLDs (txt, pdf, jpg, png, exe, apk, doc, docx, xls, csv, mp3, mp4, gif, html, js)
 *   are not in the list, so `file.txt` and `e.g.` survive.
 */

const COUNTRY_CODE_TLDS =
  'ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo br bs bt bv bw by bz ' +
  'ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg er es et eu ' +
  'fi fj fk fm fo fr ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu ' +
  'id ie il im in io iq ir is it je jm jo jp ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ' +
  'ma mc md me mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om ' +
  'pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd se sg sh si sj sk sl sm sn so sr ss st su sv sx sy sz ' +
  'tc td tf tg th tj tk tl tm tn to tr tt tv tw tz ua ug uk us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw';

const GENERIC_TLDS =
  'com net org info biz edu gov mil int mobi name pro asia tel travel jobs cat coop aero museum post xxx ' +
  'top xyz online site club shop store app link live icu vip buzz work click fun space website tech win bid loan men date ' +
  'party review trade stream download racing science cricket faith accountant webcam kim country gdn rest bar cam best cyou ' +
  'sbs cfd bond lol mom monster quest beauty hair skin makeup autos boats homes motorcycles yachts lat help support page ' +
  'digital network email life world today news one zip mov dev tokyo vn xin ink wiki guru center company services ' +
  'solutions finance financial bank money cash credit creditcard loans tax claims insure delivery express ltd inc llc group ' +
  'global plus run fit care health cloud host hosting press blog art design studio agency media social chat ' +
  'love dating sale deals discount promo gift gifts shopping market trading exchange capital fund investments ' +
  'security secure pics photo photos video tv games game casino bet poker ' +
  'amazon apple google microsoft windows youtube netflix';

const PUNYCODE_TLDS =
  'xn--p1ai xn--p1acf xn--90ais xn--j1amh xn--d1alf xn--80asehdb xn--80aswg xn--c1avg xn--80adxhks xn--d1acj3b ' +
  'xn--fiqs8s xn--fiqz9s xn--55qx5d xn--io0a7i xn--3e0b707e xn--mgbaam7a8h xn--wgbh1c xn--mgberp4a5d4ar xn--e1a4c';

function words(list: string): Set<string> {
  return new Set(list.split(/\s+/).filter(Boolean));
}

/** Real top-level domains, lower case (country codes, common and abused generic TLDs, punycode IDN TLDs). */
export const REAL_TLDS: ReadonlySet<string> = new Set([...words(COUNTRY_CODE_TLDS), ...words(GENERIC_TLDS), ...words(PUNYCODE_TLDS)]);

/**
 * TLDs that are also ordinary words. `there.How` or `work.Live` in a message is a missing space
 * after a full stop, not a host: a bare two-label match whose TLD is one of these, written with a
 * capital first letter, is not treated as a link.
 */
export const WORDLIKE_TLDS: ReadonlySet<string> = words(
  'am as at be by do in is it me my no so to us ad ai id la ma pa pm ms mt st tv es et se si na ne ni nu ' +
  'il je al ar cm mm km kg mg ml gr lb pt hr ps gb pl eg ie cf ph re ca ch sa ve de fr ' +
  'top online site club shop store app link live vip buzz work click fun space win bid loan men date party review trade ' +
  'stream download racing science cricket faith country rest bar cam best lol mom monster quest beauty hair skin makeup ' +
  'autos boats homes yachts help support page digital network email life world today news one zip mov dev ink center ' +
  'company services solutions finance bank money cash credit loans tax claims delivery express group global plus run fit ' +
  'care health cloud host press blog art design studio agency media social chat love dating sale deals discount promo ' +
  'gift gifts shopping market trading exchange capital fund security secure pics photo photos ' +
  'video games game casino bet poker name pro jobs cat post travel',
);

/**
 * TLDs accepted behind the weak disguises (`paypal dot com`, `paypal . com`, `paypal .com`,
 * `paypal. com`): unambiguous ones only, never a word such as `in`, `me`, `to` or `live`, which
 * follow a full stop and a space in ordinary sentences all the time.
 */
export const WEAK_DISGUISE_TLDS: ReadonlySet<string> = words(
  'com net org info biz xyz icu cyou sbs cfd edu gov mobi ru cn uk nl br au jp kr io ly gl tk gq cc ws su pw ' +
  'ng za mx cl vn tw hk sg ae pk bd ua kz tr ro hu cz sk dk fi nz ir iq ua rs bg lt lv ee',
);

/**
 * True when `label` (any case) is a real top-level domain.
 *
 * @example
 * isRealTld('COM') // true
 * isRealTld('txt') // false
 */
export function isRealTld(label: string): boolean {
  return REAL_TLDS.has(label.toLowerCase());
}
