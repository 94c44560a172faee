import type { Emission } from '../scenario/scenario-engine';

/** How a simulated device reaches the platform. MQTT today; an HJ 212 TCP transport can be added beside it. */
export interface Transport {
  /** opens one connection per station's device */
  connect(stations: readonly string[]): Promise<void>;
  /** resolves when the platform has acknowledged the message (MQTT PUBACK for QoS 1) */
  publish(emission: Emission): Promise<void>;
  /** devices currently connected */
  connectedCount(): number;
  close(): Promise<void>;
}

/** MQTT client id / username = deviceId, password = secret (SPEC §5). */
export interface DeviceCredentials {
  deviceId: string;
  secret: string;
}
export type CredentialsByStation = Record<string, DeviceCredentials>;
