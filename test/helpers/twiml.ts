import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** One TwiML element as tests compare it: name, attributes (as strings), text and child elements. */
export interface TwimlNode {
  name: string;
  attributes: Record<string, string>;
  text: string;
  children: TwimlNode[];
}

// XML 1.0 `Char`: tab, newline, carriage return, U+0020..U+D7FF, U+E000..U+FFFD and whole
// surrogate pairs. The validator does not check characters; Twilio's XML parser refuses them.
const FORBIDDEN_XML_CHARACTER = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\ud800-\udbff\udc00-\udfff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

// `htmlEntities` also decodes character references (`&#xD;`), which the TwiML builder writes for
// characters such as a carriage return: text compares as the reader receives it.
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', preserveOrder: true, parseAttributeValue: false, parseTagValue: false, htmlEntities: true });

type Ordered = Record<string, unknown> & { ':@'?: Record<string, string> };

function toNode(entry: Ordered): TwimlNode {
  const name = Object.keys(entry).find((key) => key !== ':@') as string;
  const content = entry[name] as Ordered[];
  return {
    name,
    attributes: { ...(entry[':@'] ?? {}) },
    text: content.map((child) => (typeof child['#text'] === 'string' ? child['#text'] : '')).join(''),
    children: content.filter((child) => !('#text' in child)).map(toNode),
  };
}

/**
 * Parses a TwiML document as XML (failing on malformed XML, characters included) and returns its `<Response>` element,
 * so tests assert on elements and attributes, never on strings.
 */
export function parseTwiml(body: unknown): TwimlNode {
  if (typeof body !== 'string') throw new Error(`TwiML body is not a string: ${typeof body}`);
  const forbidden = FORBIDDEN_XML_CHARACTER.exec(body);
  if (forbidden) throw new Error(`TwiML holds a character XML 1.0 forbids: U+${forbidden[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${forbidden.index}`);
  const valid = XMLValidator.validate(body);
  if (valid !== true) throw new Error(`TwiML is not well-formed XML: ${valid.err.msg}`);
  const document = (parser.parse(body) as Ordered[]).filter((entry) => !('?xml' in entry));
  if (document.length !== 1) throw new Error('TwiML must have exactly one root element');
  const root = toNode(document[0]);
  if (root.name !== 'Response') throw new Error(`TwiML root is <${root.name}>, not <Response>`);
  return root;
}

/** The verbs of a TwiML response: `parseTwiml(body).children`. */
export function twimlVerbs(body: unknown): TwimlNode[] {
  return parseTwiml(body).children;
}

/** `<Reject reason="busy"/>` as `twimlVerbs` returns it. */
export const REJECT_BUSY: TwimlNode[] = [{ name: 'Reject', attributes: { reason: 'busy' }, text: '', children: [] }];
