import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessTokenService } from './access-token.service';
import { ApiTokenEntity } from './api-token.entity';
import { ApiTokensService } from './api-tokens.service';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { BootstrapOperatorService } from './bootstrap-operator.service';
import { LoginThrottleService } from './login-throttle.service';
import { RefreshTokensService } from './refresh-tokens.service';
import { UserEntity } from './user.entity';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

/**
 * Users, roles and jurisdictions; login, refresh, API tokens; the global authentication guard.
 * Resource-level rules are in the pure `policy.ts` (no Nest), which feature services call directly.
 */
@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, ApiTokenEntity])],
  controllers: [AuthController, UsersController],
  providers: [
    AccessTokenService,
    ApiTokensService,
    AuthService,
    BootstrapOperatorService,
    LoginThrottleService,
    RefreshTokensService,
    UsersService,
    AuthGuard,
    { provide: APP_GUARD, useExisting: AuthGuard },
  ],
  exports: [UsersService, AuthService, AccessTokenService, AuthGuard],
})
export class IdentityModule {}
