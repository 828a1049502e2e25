// Package amf3 encodes and decodes Action Message Format version 3: U29
// integers, the string, object and traits reference tables, sealed, dynamic and
// externalizable traits, ByteArray, the Vector types and Dictionary.
//
// The API has the same shape as package amf0 and encoding/json: [Marshal],
// [Unmarshal], [NewEncoder], [NewDecoder], struct tags `amf:"name,omitempty"`.
//
// # Dynamic model
//
// Decoding into an interface value yields, per marker: undefined → [Undefined],
// null → nil, false/true → bool, integer → int32 (sign-extended from 29 bits),
// double → float64, string → string, XMLDocument → [XMLDocument], date →
// [Date] (float64 milliseconds, kept exactly; convert with [Date.Time]), array
// → *[Array], object → *[Object] with its *[Traits], XML → [XML], ByteArray →
// [ByteArray], the vectors → [VectorInt], [VectorUint], [VectorDouble] and
// *[VectorObject], Dictionary → *[Dictionary]. Containers that can hold other
// values are pointers, so a reference (including a cycle such as an object
// whose member is itself) decodes to the same pointer.
//
// # Reference tables
//
// A [Decoder] and an [Encoder] keep the string, object and traits tables
// across calls until ResetReferences, so one Decoder or Encoder serves one
// message. The empty string is never a reference. The encoder references
// strings by value, containers and pointers by identity and traits by
// shape; value types (dates, byte arrays, XML, numeric vectors) are always
// written inline but still take their object-table slot.
//
// # Go values
//
// Go structs encode as objects with sealed traits (exported fields in
// order), anonymous unless the type implements [ClassNamer]; maps with
// string keys encode as anonymous dynamic objects with sorted keys; maps
// with other key types as a Dictionary. See [Marshal] and [Unmarshal].
//
// # Externalizable classes
//
// An externalizable object's payload is known only to its class, so a codec
// must be registered with [RegisterExternalizable]. Built in are
// flex.messaging.io.ArrayCollection and flex.messaging.io.ObjectProxy (one
// AMF3 value) and the Flex small messages DSK, DSA and DSC ([SmallMessage]).
// Any other externalizable class fails with [*UnknownExternalizableError].
//
// # Untrusted input
//
// Decoding is bounded by [Limits] (see [DefaultLimits]): nesting depth,
// string and ByteArray lengths, element counts, reference-table sizes and
// total allocation per Decode call. Memory is committed only as input bytes
// arrive. Errors are typed ([*SyntaxError], [*LimitError],
// [*ReferenceError], [*UnknownExternalizableError], [*UnmarshalTypeError])
// and carry the byte offset; truncated input matches io.ErrUnexpectedEOF.
package amf3
