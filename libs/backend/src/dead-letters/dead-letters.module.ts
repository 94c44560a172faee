import { Module } from '@nestjs/common';
import { IngestionModule } from '../ingestion/ingestion.module';
import { DeadLettersController } from './dead-letters.controller';
import { DeadLettersRepository } from './dead-letters.repository';

@Module({
  imports: [IngestionModule],
  controllers: [DeadLettersController],
  providers: [DeadLettersRepository],
})
export class DeadLettersModule {}
