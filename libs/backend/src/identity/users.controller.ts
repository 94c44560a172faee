import { Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ValidBody, ValidQuery } from '../http/zod-validation';
import { Roles } from './current-user.decorator';
import { createUserBody, listUsersQuery, updateUserBody } from './identity.dto';
import { userView } from './user.entity';
import { UsersService } from './users.service';

/** User administration (operators): role, province and jurisdiction (level, district, rivers). */
@ApiTags('users')
@ApiBearerAuth()
@Roles('operator')
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiOperation({ summary: 'Create a user' })
  async create(@ValidBody(createUserBody) body: z.infer<typeof createUserBody>) {
    return userView(await this.users.create(body));
  }

  @Get()
  @ApiOperation({ summary: 'List users (filter by role, province, disabled)' })
  list(@ValidQuery(listUsersQuery) query: z.infer<typeof listUsersQuery>) {
    return this.users.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One user' })
  async get(@Param('id') id: string) {
    return userView(await this.users.get(id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Update a user; `disabled: true` disables the account at once' })
  async update(@Param('id') id: string, @ValidBody(updateUserBody) body: z.infer<typeof updateUserBody>) {
    return userView(await this.users.update(id, body));
  }
}
