import { ConfigError, loadConfig } from './app-config';

describe(loadConfig.name, () => {
  it('fills the SPEC §9 defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.http.port).toBe(3000);
    expect(config.mqtt.port).toBe(1883);
    expect(config.dataDir).toBe('./data');
    expect(config.database.url).toBeUndefined();
    expect(config.influx).toBeUndefined();
    expect(config.mqtt.externalUrl).toBeUndefined();
  });

  it.each([
    [{ HTTP_PORT: 'abc' }, 'HTTP_PORT'],
    [{ MQTT_PORT: '70000' }, 'MQTT_PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ INFLUX_URL: 'http://127.0.0.1:8086' }, 'INFLUX_TOKEN'],
    [{ MQTT_URL: 'http://broker' }, 'MQTT_URL'],
    [{ BOOTSTRAP_OPERATOR_USER: 'admin' }, 'BOOTSTRAP_OPERATOR_PASSWORD'],
  ])('rejects %j naming %s in one line', (env, variable) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toContain(variable);
    expect((error as ConfigError).message).not.toContain('\n');
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', INFLUX_URL: '' }).database.url).toBeUndefined();
  });

  it('builds the InfluxDB settings only when all four are set', () => {
    const config = loadConfig({
      INFLUX_URL: 'http://127.0.0.1:8086',
      INFLUX_TOKEN: 't',
      INFLUX_ORG: 'o',
      INFLUX_BUCKET: 'b',
    });
    expect(config.influx).toEqual({ url: 'http://127.0.0.1:8086', token: 't', org: 'o', bucket: 'b' });
  });
});
