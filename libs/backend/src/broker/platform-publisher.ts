import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { topics, type GradedSample } from '@river/contracts';
import type { Subscription } from 'rxjs';
import { IngestPipeline } from '../ingestion/ingest-pipeline.service';
import { BrokerService } from './broker.service';

/**
 * Publishes what the platform derives on `platform/readings/{station}` after commit: one message per
 * station per committed batch (a JSON array of graded samples), QoS 0 — the store is the record.
 */
@Injectable()
export class PlatformPublisher implements OnModuleInit, OnModuleDestroy {
  private subscription?: Subscription;

  constructor(
    private readonly pipeline: IngestPipeline,
    private readonly broker: BrokerService,
  ) {}

  onModuleInit(): void {
    this.subscription = this.pipeline.committed$.subscribe(({ newSamples }) => {
      let aedes;
      try {
        aedes = this.broker.instance;
      } catch {
        return; // broker not listening (yet)
      }
      const byStation = new Map<string, GradedSample[]>();
      for (const s of newSamples) {
        const list = byStation.get(s.station) ?? [];
        list.push(s);
        byStation.set(s.station, list);
      }
      for (const [station, samples] of byStation) {
        aedes.publish(
          {
            cmd: 'publish',
            topic: topics.gradedReading(station),
            payload: Buffer.from(JSON.stringify(samples)),
            qos: 0,
            retain: false,
            dup: false,
          },
          () => undefined,
        );
      }
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }
}
