// Where the network under test listens (given by BrowserPagesIT) and the sandbox's synthetic
// outside systems: the SMS outbox and the citizens register.
export const urls = {
  web: required('IDNET_WEB_URL'),
  gateway: required('IDNET_GATEWAY_URL'),
  issuer: required('IDNET_ISSUER'),
  samplePlatform: process.env.IDNET_SAMPLE_PLATFORM_URL ?? '',
};

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (BrowserPagesIT sets it)`);
  return value;
}

/** The code of the newest SMS the sandbox's SMS outbox holds for a number in E.164. */
export async function smsCode(e164) {
  const response = await fetch(`${urls.gateway}/sandbox/sms?to=${encodeURIComponent(e164)}`);
  if (!response.ok) throw new Error(`SMS outbox: ${response.status}`);
  const messages = await response.json();
  const code = messages.length > 0 && /\b(\d{6})\b/.exec(messages[0].text);
  if (!code) throw new Error(`no SMS code for ${e164}`);
  return code[1];
}

/** A client-credentials token of one of the sandbox's development clients (secret `<id>-secret`). */
export async function clientToken(client) {
  const discovery = await (await fetch(`${urls.issuer}/.well-known/openid-configuration`)).json();
  const response = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${client}:${client}-secret`).toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'client_credentials' }),
  });
  if (!response.ok) throw new Error(`token for ${client}: ${response.status}`);
  return (await response.json()).access_token;
}

/** Calls the gateway's API with a token; answers the parsed JSON, failing on an unexpected status. */
export async function api(method, path, token, body, expected = [200, 201]) {
  const response = await fetch(`${urls.gateway}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!expected.includes(response.status)) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : {};
}
