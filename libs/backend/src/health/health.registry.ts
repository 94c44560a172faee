import { Injectable } from '@nestjs/common';
import type { HealthIndicatorResult } from '@nestjs/terminus';

export type HealthCheckFn = () => Promise<HealthIndicatorResult>;

/**
 * Features register their own health checks here (broker, telemetry store, …) so that
 * /health reports whatever the running process is made of, in API-only, ingest-only or single mode.
 */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, HealthCheckFn>();

  register(name: string, check: HealthCheckFn): void {
    this.checks.set(name, check);
  }

  all(): HealthCheckFn[] {
    return [...this.checks.values()];
  }
}
