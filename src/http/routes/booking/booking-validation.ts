import type { FastifySchemaCompiler } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';

/**
 * Booking bodies are validated without coercion: with the app's ajv
 * (`coerceTypes: 'array'`) `{"seatIds": 5}` would pass as `["5"]` and
 * `{"quantity": "2"}` as 2. Query strings, params and headers arrive as text,
 * so they are converted first and then checked. Errors keep ajv's shape for
 * the one error handler.
 */
export const bookingValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const validator = Compile(schema);
  const convert = httpPart !== 'body';
  return (data: unknown) => {
    // A body-less request is checked as null, so routes without a body can still refuse one.
    const value = convert ? Value.Convert(schema, data) : data === undefined ? null : data;
    if (validator.Check(value)) return { value: data === undefined ? undefined : value };
    return { error: [...validator.Errors(value)] as unknown as Error };
  };
};
