import { Module } from '@nestjs/common';
import { DevicesController } from './devices.controller';
import { DevicesModule } from './devices.module';

@Module({ imports: [DevicesModule], controllers: [DevicesController] })
export class DevicesApiModule {}
