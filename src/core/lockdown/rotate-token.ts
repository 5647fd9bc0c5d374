import type twilio from 'twilio';

/**
 * Rotates an account's Auth Token the way Twilio documents it: create a secondary token, switch
 * to a client that authenticates with it (the old primary stops working at promotion), promote
 * it. Returns the new primary token, which the caller must write only where the user asked.
 * Deployed Functions using context credentials follow after about a minute.
 */
export async function rotateAuthToken(current: twilio.Twilio, clientWith: (token: string) => twilio.Twilio): Promise<string> {
  const secondary = await current.accounts.v1.secondaryAuthToken().create();
  const next = clientWith(secondary.secondaryAuthToken);
  const promoted = await next.accounts.v1.authTokenPromotion().update();
  return promoted.authToken;
}
