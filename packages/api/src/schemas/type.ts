// The TypeBox builders this package uses, as one small `Type` object: the full `Type` of TypeBox is one class
// holding every builder, which a bundler cannot trim from the HMI's first load.
import {
  Array as ArrayOf,
  Boolean as BooleanType,
  Integer,
  Null,
  Number as NumberType,
  Object as ObjectType,
  Optional,
  String as StringType,
  Union,
  Unknown,
  Unsafe,
} from '@sinclair/typebox';

export const Type = {
  Array: ArrayOf,
  Boolean: BooleanType,
  Integer,
  Null,
  Number: NumberType,
  Object: ObjectType,
  Optional,
  String: StringType,
  Union,
  Unknown,
  Unsafe,
} as const;
