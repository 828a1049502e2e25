// Package amfstruct maps Go struct types to AMF object members for packages
// amf0 and amf3: it reads `amf:"name,omitempty"` and `amf:"-"` tags,
// flattens embedded structs under each package's [Rules], caches the result
// per type and finds a field by member name.
package amfstruct
