import { Injectable } from '@nestjs/common';
import { assess, AssessmentError, type Assessment } from '@river/water-quality';
import { FieldError, validationFailed } from '../errors/domain-error';
import type { AssessmentRequest } from './assessment.dto';

/** The public grading calculator (SPEC §10): stores nothing, only translates library errors. */
@Injectable()
export class AssessmentService {
  assessOne(request: AssessmentRequest): Assessment {
    return this.assessMany([request], false)[0];
  }

  /** Grades every sample; reports the field errors of all bad samples at once (`0.values.nh3n`). */
  assessBatch(requests: AssessmentRequest[]): Assessment[] {
    return this.assessMany(requests, true);
  }

  private assessMany(requests: AssessmentRequest[], indexed: boolean): Assessment[] {
    const results: Assessment[] = [];
    const errors: FieldError[] = [];
    requests.forEach((request, index) => {
      try {
        results.push(assess(request as Parameters<typeof assess>[0]));
      } catch (error) {
        if (!(error instanceof AssessmentError)) throw error;
        const at = indexed ? `${index}.` : '';
        errors.push({ field: at + (error.item ? `values.${error.item}` : 'values'), message: error.message });
      }
    });
    if (errors.length > 0) throw validationFailed(errors, 'the samples cannot be graded');
    return results;
  }
}
