// Package amf3 encodes and decodes Action Message Format version 3: U29
// integers, the string, object and traits reference tables, sealed, dynamic and
// externalizable traits, ByteArray, the Vector types and Dictionary.
//
// The API has the same shape as package amf0 and encoding/json: [Marshal],
// [Unmarshal], [NewEncoder], [NewDecoder], struct tags `amf:"name,omitempty"`.
package amf3
