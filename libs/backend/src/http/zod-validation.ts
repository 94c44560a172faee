import { applyDecorators, Body, PipeTransform, Query } from '@nestjs/common';
import { ApiBody, ApiQuery } from '@nestjs/swagger';
import { z } from 'zod';
import { validationFailed } from '../errors/domain-error';

/** Validates a request part with a zod schema; failures name every field and why. */
export class ZodValidationPipe<T extends z.ZodType> implements PipeTransform<unknown, z.infer<T>> {
  constructor(
    private readonly schema: T,
    private readonly part: 'body' | 'query' | 'param' = 'body',
  ) {}

  transform(value: unknown): z.infer<T> {
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    throw validationFailed(
      result.error.issues.map((issue) => ({
        field: issue.path.length ? issue.path.join('.') : this.part,
        message: issue.message,
      })),
      `the ${this.part} is not valid`,
    );
  }
}

/** JSON Schema of a zod schema, for the OpenAPI document (zod 4 generates it natively). */
export function openApiSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}

/** `@ValidBody(schema) body: T` — validates the body and documents it in OpenAPI. */
export function ValidBody<T extends z.ZodType>(schema: T): ParameterDecorator {
  return (target, key, index) => {
    Body(new ZodValidationPipe(schema, 'body'))(target, key, index);
    if (key !== undefined) {
      const descriptor = Object.getOwnPropertyDescriptor(target, key);
      if (descriptor) applyDecorators(ApiBody({ schema: openApiSchema(schema) }))(target, key, descriptor);
    }
  };
}

/** `@ValidQuery(schema) query: T` — validates the query string and documents each parameter. */
export function ValidQuery<T extends z.ZodObject>(schema: T): ParameterDecorator {
  return (target, key, index) => {
    Query(new ZodValidationPipe(schema, 'query'))(target, key, index);
    if (key !== undefined) {
      const descriptor = Object.getOwnPropertyDescriptor(target, key);
      if (!descriptor) return;
      const json = openApiSchema(schema) as {
        properties?: Record<string, Record<string, unknown>>;
        required?: string[];
      };
      for (const [name, property] of Object.entries(json.properties ?? {})) {
        applyDecorators(
          ApiQuery({ name, required: json.required?.includes(name) ?? false, schema: property as never }),
        )(target, key, descriptor);
      }
    }
  };
}
