import { Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { BootstrapOperatorService } from './bootstrap-operator.service';
import { IdentityCoreModule } from './identity-core.module';
import { LoginThrottleService } from './login-throttle.service';
import { RefreshTokensService } from './refresh-tokens.service';
import { UsersController } from './users.controller';

/**
 * Users, roles and jurisdictions; login, refresh, API tokens, the first operator (API process).
 * The global authentication guard comes from IdentityCoreModule. Resource-level rules are in the pure
 * `policy.ts` (no Nest), which feature services call directly.
 */
@Module({
  imports: [IdentityCoreModule],
  controllers: [AuthController, UsersController],
  providers: [AuthService, BootstrapOperatorService, LoginThrottleService, RefreshTokensService],
  exports: [IdentityCoreModule, AuthService],
})
export class IdentityModule {}
