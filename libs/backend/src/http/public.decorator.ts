import { SetMetadata } from '@nestjs/common';

/** Marks a route as public (SPEC §10 lists exactly which). Everything else needs a bearer token. */
export const IS_PUBLIC = 'river:isPublic';
export const Public = () => SetMetadata(IS_PUBLIC, true);
