import { Type, type TLiteral, type TSchemaOptions, type TUnion } from 'typebox';

type Literals<T extends readonly string[]> = { -readonly [K in keyof T]: TLiteral<T[K]> };

/**
 * One literal per value of a const list, as a union. Spelled out because
 * `Type.Union(list.map((v) => Type.Literal(v)))` validates the same but types as
 * an array, whose `Static` is `never`: handlers and the web app then saw the
 * field as `never` instead of the list's values.
 */
export function literalUnion<const T extends readonly string[]>(values: T, options?: TSchemaOptions): TUnion<Literals<T>> {
  return Type.Union(
    values.map((v) => Type.Literal(v)),
    options,
  ) as TUnion as TUnion<Literals<T>>;
}
