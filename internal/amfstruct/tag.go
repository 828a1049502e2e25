package amfstruct

import "strings"

// ParseTag splits the value of an `amf` struct tag into the member name
// ("" means the field's own name) and the omitempty option. Other options
// are ignored. The tag "-" is not parsed here: it means skip the field.
func ParseTag(tag string) (name string, omitEmpty bool) {
	name, opts, _ := strings.Cut(tag, ",")
	for opts != "" {
		var o string
		o, opts, _ = strings.Cut(opts, ",")
		if o == "omitempty" {
			omitEmpty = true
		}
	}
	return name, omitEmpty
}
