import twilio from 'twilio';

type RequestOptions = Parameters<twilio.RequestClient['request']>[0];
type RequestClientOptions = ConstructorParameters<typeof twilio.RequestClient>[0];

const TWILIO_HOST = /^https:\/\/([a-z0-9-]+)(?:\.[a-z0-9-]+)*\.twilio\.com(?=[/?#]|$)/i;

/**
 * Maps a Twilio API URL onto a local base URL, keeping the product (the first host label) as the
 * first path segment so that products with overlapping paths (Sync `/v1/Services` and Messaging
 * `/v1/Services`) stay apart: `https://sync.twilio.com/v1/Services` becomes
 * `<base>/sync/v1/Services`. Regional hosts (`sync.dublin.ie1.twilio.com`) map the same way.
 * URLs that are not Twilio API hosts are returned unchanged.
 *
 * @example
 * rewriteTwilioUrl('https://verify.twilio.com/v2/Services', 'http://127.0.0.1:4010')
 * // 'http://127.0.0.1:4010/verify/v2/Services'
 */
export function rewriteTwilioUrl(uri: string, baseUrl: string): string {
  const match = TWILIO_HOST.exec(uri);
  if (!match) return uri;
  const product = match[1].toLowerCase();
  return `${baseUrl.replace(/\/+$/, '')}/${product}${uri.slice(match[0].length)}`;
}

/**
 * A `twilio.RequestClient` that sends every Twilio API request to `baseUrl` instead of
 * `https://*.twilio.com`. Everything else (auth, encoding, timeouts, error handling) is the
 * library's own, so code paths are the same as in production.
 */
export class BaseUrlRequestClient extends twilio.RequestClient {
  private readonly baseUrl: string;

  constructor(baseUrl: string, options?: RequestClientOptions) {
    super(options);
    this.baseUrl = baseUrl;
  }

  override request<TData>(options: RequestOptions & { data?: TData }) {
    return super.request<TData>({ ...options, uri: rewriteTwilioUrl(options.uri, this.baseUrl) });
  }
}
