import { isoDate } from '../core/dates';
import { invalidParameter, notFound } from '../core/errors';
import { parsePageRequest, v1Page } from '../core/paging';
import type { RouteContext, RouteDefinition } from '../core/router';
import type { ServerlessEnvironment, ServerlessService, ServerlessStore } from './serverless-store';

export const SERVERLESS_BASE = 'https://serverless.twilio.com/v1';
const PREFIX = '/serverless/v1';

/** `serverless.v1.service`. */
function serializeService(service: ServerlessService): Record<string, unknown> {
  const url = `${SERVERLESS_BASE}/Services/${service.sid}`;
  return {
    sid: service.sid,
    account_sid: service.accountSid,
    friendly_name: service.friendlyName,
    unique_name: service.uniqueName,
    include_credentials: service.includeCredentials,
    ui_editable: service.uiEditable,
    domain_base: `${service.uniqueName}-0000`,
    date_created: isoDate(service.dateCreated),
    date_updated: isoDate(service.dateCreated),
    url,
    links: { functions: `${url}/Functions`, assets: `${url}/Assets`, environments: `${url}/Environments`, builds: `${url}/Builds` },
  };
}

/** `serverless.v1.service.environment`. */
function serializeEnvironment(service: ServerlessService, environment: ServerlessEnvironment): Record<string, unknown> {
  const url = `${SERVERLESS_BASE}/Services/${service.sid}/Environments/${environment.sid}`;
  const suffix = environment.domainSuffix ? `-${environment.domainSuffix}` : '';
  return {
    sid: environment.sid,
    account_sid: service.accountSid,
    service_sid: service.sid,
    build_sid: null,
    unique_name: environment.uniqueName,
    domain_suffix: environment.domainSuffix,
    domain_name: `${service.uniqueName}-0000${suffix}.twil.io`,
    date_created: isoDate(environment.dateCreated),
    date_updated: isoDate(environment.dateCreated),
    url,
    links: { variables: `${url}/Variables`, deployments: `${url}/Deployments`, logs: `${url}/Logs` },
  };
}

function required(ctx: RouteContext, name: string): string {
  const value = ctx.form.get(name);
  if (value === null || value.trim() === '') throw invalidParameter(`Missing required parameter ${name} in the post body`);
  if (value.length > 191) throw invalidParameter(`${name} must be at most 191 characters`);
  return value;
}

/** The Service of a route's `:svc` (SID or unique name) in the caller's account, or 404. */
export function serviceOf(store: ServerlessStore, ctx: RouteContext): ServerlessService {
  const service = store.findService(ctx.principal.accountSid, ctx.params.svc);
  if (!service) throw notFound(ctx.twilioPath);
  return service;
}

/** The Environment of a route's `:env` (SID or unique name), or 404. */
export function environmentOf(service: ServerlessService, ctx: RouteContext): ServerlessEnvironment {
  const environment = service.environments.find((e) => e.sid === ctx.params.env || e.uniqueName === ctx.params.env);
  if (!environment) throw notFound(ctx.twilioPath);
  return environment;
}

/**
 * Serverless v1 Services and Environments: create, list and fetch, so that `npm start` can set up
 * a service whose logs the report reads, and the report can find it as it finds a deployed one.
 */
export function serverlessRoutes(store: ServerlessStore): RouteDefinition[] {
  return [
    {
      method: 'POST',
      pattern: `${PREFIX}/Services`,
      product: 'serverless',
      handler: (ctx) => {
        const uniqueName = required(ctx, 'UniqueName');
        const friendlyName = required(ctx, 'FriendlyName');
        return { status: 201, body: serializeService(store.createService(ctx.principal.accountSid, uniqueName, friendlyName, ctx.now)) };
      },
    },
    {
      method: 'GET',
      pattern: `${PREFIX}/Services`,
      product: 'serverless',
      handler: (ctx) => ({
        status: 200,
        body: v1Page(store.listServices(ctx.principal.accountSid).map(serializeService), 'services', `${SERVERLESS_BASE}/Services`, [], parsePageRequest(ctx.query)),
      }),
    },
    {
      method: 'GET',
      pattern: `${PREFIX}/Services/:svc`,
      product: 'serverless',
      handler: (ctx) => ({ status: 200, body: serializeService(serviceOf(store, ctx)) }),
    },
    {
      method: 'POST',
      pattern: `${PREFIX}/Services/:svc/Environments`,
      product: 'serverless',
      handler: (ctx) => {
        const service = serviceOf(store, ctx);
        const environment = store.createEnvironment(service, required(ctx, 'UniqueName'), ctx.form.get('DomainSuffix') || null, ctx.now);
        return { status: 201, body: serializeEnvironment(service, environment) };
      },
    },
    {
      method: 'GET',
      pattern: `${PREFIX}/Services/:svc/Environments`,
      product: 'serverless',
      handler: (ctx) => {
        const service = serviceOf(store, ctx);
        const url = `${SERVERLESS_BASE}/Services/${service.sid}/Environments`;
        return { status: 200, body: v1Page(service.environments.map((e) => serializeEnvironment(service, e)), 'environments', url, [], parsePageRequest(ctx.query)) };
      },
    },
    {
      method: 'GET',
      pattern: `${PREFIX}/Services/:svc/Environments/:env`,
      product: 'serverless',
      handler: (ctx) => {
        const service = serviceOf(store, ctx);
        return { status: 200, body: serializeEnvironment(service, environmentOf(service, ctx)) };
      },
    },
  ];
}
