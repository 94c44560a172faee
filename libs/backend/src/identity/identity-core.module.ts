import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessTokenService } from './access-token.service';
import { ApiTokenEntity } from './api-token.entity';
import { ApiTokensService } from './api-tokens.service';
import { AuthGuard } from './auth.guard';
import { UserEntity } from './user.entity';
import { UsersService } from './users.service';

/**
 * What every process that serves HTTP needs to authenticate: the global guard and what it reads.
 * Imported by the API (through IdentityModule) and by the ingestion side, so that no process ever
 * serves a route without the guard — whatever routes a feature later adds there.
 */
@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, ApiTokenEntity])],
  providers: [
    AccessTokenService,
    ApiTokensService,
    UsersService,
    AuthGuard,
    { provide: APP_GUARD, useExisting: AuthGuard },
  ],
  exports: [AccessTokenService, ApiTokensService, UsersService, AuthGuard, TypeOrmModule],
})
export class IdentityCoreModule {}
