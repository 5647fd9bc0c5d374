import { MAX_ROUTE_SELECTOR_LENGTH } from './limits';

/** Matches requests by method and path; compiled from a control API `route` string. */
export interface RouteSelector {
  /** The selector as given, for listing. */
  source: string;
  matches(method: string, path: string): boolean;
}

const METHODS = new Set(['*', 'GET', 'POST', 'DELETE', 'PUT', 'PATCH', 'HEAD', 'OPTIONS']);

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Turns a path glob into a regex: `**` matches across segments, `*` and `:name` segments match
 * within one segment. Writing a route exactly as the request log names it
 * (`/sync/v1/Services/:svc/Maps/:map/Items`) therefore selects that route.
 */
function globToRegex(glob: string): RegExp {
  const pattern = glob
    .split('/')
    .map((segment) => {
      if (segment === '**') return '.*';
      if (/^:[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9]+)?$/.test(segment)) {
        const dot = segment.indexOf('.');
        return dot === -1 ? '[^/]+' : `[^/]+${escapeRegex(segment.slice(dot))}`;
      }
      return segment.split('*').map(escapeRegex).join('[^/]*');
    })
    .join('/');
  return new RegExp(`^${pattern}$`);
}

/**
 * Compiles `"<METHOD> <path>"` where METHOD is an HTTP method or `*`, and path is either a glob
 * (see above) or a regex written `/.../` (tested against the whole request path). A bare path
 * means any method. Throws an Error with a readable message on bad input.
 *
 * @example
 * compileRouteSelector('POST /sync/v1/Services/:svc/Maps/:map/Items').matches('POST', '/sync/v1/Services/default/Maps/m/Items') // true
 * compileRouteSelector('GET /^\\/lookups\\//').matches('GET', '/lookups/v2/PhoneNumbers/+1') // true
 */
export function compileRouteSelector(source: string): RouteSelector {
  if (source.length === 0 || source.length > MAX_ROUTE_SELECTOR_LENGTH) {
    throw new Error(`route must be 1..${MAX_ROUTE_SELECTOR_LENGTH} characters, e.g. "POST /sync/v1/Services/:svc/Maps/:map/Items"`);
  }
  const trimmed = source.trim();
  const space = trimmed.indexOf(' ');
  const first = space === -1 ? trimmed : trimmed.slice(0, space);
  const hasMethod = METHODS.has(first.toUpperCase()) && space !== -1;
  const method = hasMethod ? first.toUpperCase() : '*';
  const path = hasMethod ? trimmed.slice(space + 1).trim() : trimmed;
  let regex: RegExp;
  if (path.length >= 2 && path.startsWith('/') && path.endsWith('/') && !path.startsWith('//')) {
    try {
      regex = new RegExp(path.slice(1, -1));
    } catch (error) {
      throw new Error(`route regex ${path} does not compile: ${(error as Error).message}`);
    }
  } else if (path.startsWith('/')) {
    regex = globToRegex(path);
  } else {
    throw new Error(`route '${source}' must be "<METHOD> <path>" with a path starting with '/', e.g. "GET /lookups/v2/PhoneNumbers/*"`);
  }
  return {
    source,
    matches: (requestMethod, requestPath) => (method === '*' || method === requestMethod) && regex.test(requestPath),
  };
}
