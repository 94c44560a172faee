import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { StationDirectoryModule } from '../ingestion/station-directory.module';
import { DeviceEntity } from './device.entity';
import { DevicesService } from './devices.service';

@Module({
  imports: [TypeOrmModule.forFeature([DeviceEntity]), StationDirectoryModule],
  providers: [DevicesService],
  exports: [DevicesService],
})
export class DevicesModule {}
