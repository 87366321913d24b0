import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

// ajv-formats ships CommonJS; its default export arrives wrapped under NodeNext.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const common: Options = {
  // Unknown fields are an error, not silently dropped: a typo must not be ignored.
  removeAdditional: false,
  useDefaults: true,
  // Fastify's advice: allErrors lets a crafted body cost a lot of CPU.
  allErrors: false,
  strict: false,
};

/**
 * Query strings and path params arrive as text, so they are coerced ("20" → 20);
 * JSON bodies are not: `{"password": ["x"]}` or `{"quantity": "2"}` is a 400,
 * never silently converted.
 */
export function registerValidation(app: FastifyInstance): void {
  const bodies = addFormats(new Ajv({ ...common, coerceTypes: false }));
  const textParts = addFormats(new Ajv({ ...common, coerceTypes: 'array' }));
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodies : textParts).compile(schema));
}
