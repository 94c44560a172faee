import { z } from 'zod';

/** Upper bound of one batch request: about 80 days of 4-hourly readings, and well within the 100 KB JSON body limit. */
export const MAX_BATCH_ASSESSMENTS = 500;

/**
 * One sample to grade. Parameter keys and value rules (unknown keys, negatives) are checked by the
 * grading library itself so there is one source of truth; zod checks the shape.
 */
export const assessmentRequestSchema = z.strictObject({
  waterBody: z.enum(['river', 'lake'], { error: 'waterBody must be "river" or "lake"' }).meta({
    description: 'river (河流) or lake/reservoir (湖库): lakes use other TP limits and grade TN',
  }),
  values: z
    .record(z.string(), z.number({ error: 'value must be a finite number' }))
    .refine((v) => Object.keys(v).length > 0, 'values must name at least one parameter')
    .meta({
      description:
        'parameter key → value in the units of GB 3838-2002 Table 1 (mg/L; pH dimensionless; fcoli per L), e.g. {"ph":7.6,"do":8.2,"nh3n":0.32}',
    }),
  targetClass: z
    .number()
    .int()
    .min(1, 'targetClass must be 1..5')
    .max(5, 'targetClass must be 1..5')
    .optional()
    .meta({ description: 'target class (目标水质) 1..5 = I..V; when given, `compliant` is answered' }),
});
export type AssessmentRequest = z.infer<typeof assessmentRequestSchema>;

export const batchAssessmentRequestSchema = z
  .array(assessmentRequestSchema)
  .min(1, 'at least one sample is needed')
  .max(MAX_BATCH_ASSESSMENTS, `at most ${MAX_BATCH_ASSESSMENTS} samples per request`);

const waterClass = z.number().int().min(1).max(6).meta({ description: '1..5 = Class I..V, 6 = 劣V' });

/** The response, as JSON Schema for the OpenAPI document (the service returns the library's `Assessment`). */
export const assessmentResponseSchema = z.object({
  classes: z.record(z.string(), waterClass).meta({ description: 'class per graded item' }),
  overall: waterClass
    .optional()
    .meta({ description: 'section class: worst item (absent when nothing was graded)' }),
  exceedance: z
    .record(z.string(), z.number())
    .meta({ description: 'exceedance multiple (超标倍数) over Class III of items worse than III' }),
  primary: z
    .array(z.string())
    .meta({ description: 'up to three primary pollutants when worse than Class III' }),
  status: z.string().optional().meta({ description: '优 / 良好 / 轻度污染 / 中度污染 / 重度污染' }),
  compliant: z.boolean().optional().meta({ description: 'overall at least as good as targetClass' }),
  targetClass: z.number().int().optional(),
  explanation: z.array(
    z.object({
      item: z.string(),
      value: z.number(),
      unit: z.string(),
      class: waterClass,
      limit: z.number().optional().meta({ description: 'limit met, or the Class V limit missed (劣V)' }),
      limitClass: z.number().int().optional(),
      comparison: z.enum(['<=', '>=', 'range']),
      met: z.boolean(),
      range: z.array(z.number()).optional(),
      betterLimit: z.number().optional(),
      exceedance: z.number().optional(),
      note: z.string().optional(),
    }),
  ),
  absent: z
    .array(z.string())
    .meta({ description: 'items the standard grades for this water body that were not given' }),
  notGraded: z
    .array(z.string())
    .meta({ description: 'items given that are recorded but not graded (temp, cond, turb…)' }),
});

export const batchAssessmentResponseSchema = z.object({
  items: z.array(assessmentResponseSchema).meta({ description: 'one result per sample, in request order' }),
});
