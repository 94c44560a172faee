import type { CredentialsByStation } from './transport/transport';

export interface ProvisionOptions {
  /** API base URL, e.g. http://127.0.0.1:3000 */
  api: string;
  user: string;
  password: string;
  stations: readonly string[];
}

/**
 * Logs in as an operator (POST /api/v1/auth/login) and creates one device per station
 * (POST /api/v1/stations/{code}/devices → {deviceId, secret}, SPEC §10).
 */
export async function provisionDevices(o: ProvisionOptions): Promise<CredentialsByStation> {
  const base = o.api.replace(/\/+$/, '');
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: o.user, password: o.password }),
  });
  if (!login.ok) throw new Error(`login as ${o.user} failed: HTTP ${login.status} ${await login.text()}`);
  const { accessToken } = (await login.json()) as { accessToken: string };
  const credentials: CredentialsByStation = {};
  for (const code of o.stations) {
    const res = await fetch(`${base}/api/v1/stations/${encodeURIComponent(code)}/devices`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: '{}',
    });
    if (!res.ok)
      throw new Error(`creating a device for ${code} failed: HTTP ${res.status} ${await res.text()}`);
    const { deviceId, secret } = (await res.json()) as { deviceId: string; secret: string };
    credentials[code] = { deviceId, secret };
  }
  return credentials;
}
