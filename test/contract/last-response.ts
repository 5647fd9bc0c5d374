import type twilio from 'twilio';
import { lastBody, lastStatus } from './harness';
import { errorValidator, expectValid, responseValidator, type SpecName } from './openapi';

/** Assertions on the last response a contract test's client received, against one spec. */
export interface LastResponseChecks {
  /** The status is `status` and the body is what the spec documents for `method path` at that status. */
  expectBody(path: string, method: string, status: number): void;
  /** The status is `status` and the body is the spec's error body for it, carrying `code` and `status`. */
  expectError(path: string, method: string, status: number, code: number): void;
}

/**
 * The checks of one spec's responses. `client` is asked for at each check: the harness starts in
 * `beforeAll`, after the test file's top level has made its checks.
 *
 * @example
 * const { expectBody, expectError } = lastResponseChecks('twilio_sync_v1', () => h.client);
 */
export function lastResponseChecks(spec: SpecName, client: () => twilio.Twilio): LastResponseChecks {
  return {
    expectBody(path, method, status) {
      expect(lastStatus(client())).toBe(status);
      expectValid(responseValidator(spec, path, method, status), lastBody(client()));
    },
    expectError(path, method, status, code) {
      expect(lastStatus(client())).toBe(status);
      expectValid(errorValidator(spec, path, method, status), lastBody(client()));
      expect(lastBody(client())).toMatchObject({ code, status });
    },
  };
}
