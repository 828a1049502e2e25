package amfstruct

import (
	"fmt"
	"reflect"
)

// FieldByIndex is reflect.Value.FieldByIndex that reports false when a nil
// embedded pointer is on the way instead of panicking.
func FieldByIndex(v reflect.Value, index []int) (reflect.Value, bool) {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}, false
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, true
}

// FieldForSet returns the field of v (settable) at index, allocating nil
// embedded pointers on the way. It fails, as encoding/json does, when a nil
// embedded pointer cannot be allocated because it is unexported.
func FieldForSet(v reflect.Value, index []int) (reflect.Value, error) {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				if !v.CanSet() {
					return reflect.Value{}, fmt.Errorf("cannot set embedded pointer to unexported struct %v", v.Type().Elem())
				}
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, nil
}
