import { Injectable } from '@nestjs/common';
import { validationFailed } from '../errors/domain-error';
import { StationsService } from '../stations/stations.service';

/** Linked stations must exist in the catalogue. */
@Injectable()
export class StationCheck {
  constructor(private readonly stations: StationsService) {}

  async assertExist(codes: readonly string[], field: string): Promise<void> {
    const errors = await this.unknown(codes, field);
    if (errors.length > 0) throw validationFailed(errors);
  }

  /** Field errors for codes not in the catalogue (`field.index`, or `field` itself when given as a line). */
  async unknown(
    codes: readonly string[],
    field: string,
    indexed = true,
  ): Promise<Array<{ field: string; message: string }>> {
    const errors: Array<{ field: string; message: string }> = [];
    for (const [index, code] of codes.entries()) {
      if (!(await this.stations.get(code)))
        errors.push({
          field: indexed ? `${field}.${index}` : field,
          message: `station ${code} is not in the catalogue`,
        });
    }
    return errors;
  }
}
