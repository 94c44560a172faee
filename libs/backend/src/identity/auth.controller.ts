import { Controller, Delete, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { Public } from '../http/public.decorator';
import { ValidBody } from '../http/zod-validation';
import { ApiTokensService } from './api-tokens.service';
import { AuthService } from './auth.service';
import { BootstrapOperatorService } from './bootstrap-operator.service';
import { CurrentUser, Roles } from './current-user.decorator';
import { bootstrapBody, createApiTokenBody, loginBody, logoutBody, refreshBody } from './identity.dto';
import { LoginLockedError } from './login-throttle.service';
import type { Principal } from './principal';
import { userView } from './user.entity';

import { AUDIT_SUBJECT } from '../audit/audit.middleware';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly bootstrap: BootstrapOperatorService,
    private readonly apiTokens: ApiTokensService,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Password login → access token (short-lived JWT) and refresh token' })
  async login(
    @ValidBody(loginBody) body: z.infer<typeof loginBody>,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    Object.assign(request, { [AUDIT_SUBJECT]: { username: body.username } });
    try {
      return await this.auth.login(body.username, body.password, request.ip ?? 'unknown');
    } catch (error) {
      if (error instanceof LoginLockedError)
        response.setHeader('Retry-After', String(error.retryAfterSeconds));
      throw error;
    }
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Rotate a refresh token; reusing an old one revokes the whole login' })
  refresh(@ValidBody(refreshBody) body: z.infer<typeof refreshBody>) {
    return this.auth.refresh(body.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Revoke the given refresh token’s login, or every login of the caller' })
  async logout(@CurrentUser() user: Principal, @ValidBody(logoutBody) body: z.infer<typeof logoutBody>) {
    await this.auth.logout(user.userId, body?.refreshToken);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who the bearer token belongs to: role, province, jurisdiction' })
  me(@CurrentUser() user: Principal): Principal {
    return user;
  }

  @Post('bootstrap')
  @Public()
  @ApiOperation({ summary: 'Exchange the one-time bootstrap token from the log for the first operator' })
  async exchangeBootstrap(
    @ValidBody(bootstrapBody) body: z.infer<typeof bootstrapBody>,
    @Req() request: Request,
  ) {
    Object.assign(request, { [AUDIT_SUBJECT]: { username: body.username } });
    return userView(await this.bootstrap.exchange(body));
  }

  @Post('tokens')
  @Roles('operator')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Create a named API token for a machine client (the secret is shown once)' })
  createToken(
    @CurrentUser() user: Principal,
    @ValidBody(createApiTokenBody) body: z.infer<typeof createApiTokenBody>,
  ) {
    return this.apiTokens.create(body, user.userId);
  }

  @Get('tokens')
  @Roles('operator')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'List API tokens (never their secrets)' })
  listTokens() {
    return this.apiTokens.list();
  }

  @Delete('tokens/:id')
  @Roles('operator')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Revoke an API token' })
  async revokeToken(@Param('id') id: string) {
    await this.apiTokens.revoke(id);
  }
}
