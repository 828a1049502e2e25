package amf3

import (
	"cmp"
	"reflect"
	"slices"
	"time"

	"github.com/rtmpkit/rtmp/internal/amfstruct"
)

// encodeReflect writes Go values that are not dynamic-model types.
func (e *Encoder) encodeReflect(rv reflect.Value) error {
	switch rv.Kind() {
	case reflect.Invalid:
		e.buf = append(e.buf, MarkerNull)
	case reflect.Bool:
		return e.encode(rv.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		e.writeInt(rv.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		u := rv.Uint()
		if u <= MaxInt {
			e.writeInt(int64(u))
		} else {
			e.writeDouble(float64(u))
		}
	case reflect.Float32, reflect.Float64:
		e.writeDouble(rv.Float())
	case reflect.String:
		e.buf = append(e.buf, MarkerString)
		return e.writeStr(rv.String())
	case reflect.Interface:
		if rv.IsNil() {
			e.buf = append(e.buf, MarkerNull)
			return nil
		}
		return e.encode(rv.Elem().Interface())
	case reflect.Pointer:
		if rv.IsNil() {
			e.buf = append(e.buf, MarkerNull)
			return nil
		}
		if et := rv.Type().Elem(); et.Kind() == reflect.Struct && !valueStructs[et] {
			return e.writeStruct(rv.Elem(), &objKey{t: rv.Type(), p: rv.Pointer()}, rv.Interface())
		}
		if err := e.enter(); err != nil {
			return err
		}
		defer e.leave()
		return e.encode(rv.Elem().Interface())
	case reflect.Struct:
		return e.writeStruct(rv, nil, nil)
	case reflect.Slice:
		if rv.IsNil() {
			e.buf = append(e.buf, MarkerNull)
			return nil
		}
		if rv.Type().Elem().Kind() == reflect.Uint8 {
			return e.writeByteArray(rv.Bytes())
		}
		var k *objKey
		if rv.Len() > 0 {
			k = &objKey{t: rv.Type(), p: rv.Pointer(), n: rv.Len()}
		}
		return e.writeSlice(rv, k)
	case reflect.Array:
		return e.writeSlice(rv, nil)
	case reflect.Map:
		if rv.IsNil() {
			e.buf = append(e.buf, MarkerNull)
			return nil
		}
		return e.writeMap(rv)
	default:
		return &UnsupportedTypeError{Type: rv.Type()}
	}
	return nil
}

// writeSlice writes a Go slice or array as a dense AMF3 array.
func (e *Encoder) writeSlice(rv reflect.Value, k *objKey) error {
	e.buf = append(e.buf, MarkerArray)
	if k != nil {
		if e.ref(*k, rv.Interface()) {
			return nil
		}
	} else {
		e.inlineObject()
	}
	if err := e.enter(); err != nil {
		return err
	}
	defer e.leave()
	n := rv.Len()
	if err := e.writeLen(n, "array"); err != nil {
		return err
	}
	e.buf = append(e.buf, 0x01)
	for i := range n {
		if err := e.encodeElem(rv.Index(i)); err != nil {
			return err
		}
	}
	return nil
}

// encodeElem encodes an element or field value, taking the dynamic-model
// fast path where the value's type allows it.
func (e *Encoder) encodeElem(v reflect.Value) error {
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			e.buf = append(e.buf, MarkerNull)
			return nil
		}
		return e.encode(v.Elem().Interface())
	case reflect.String:
		if v.Type() == stringType {
			e.buf = append(e.buf, MarkerString)
			return e.writeStr(v.String())
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if v.Type().PkgPath() == "" {
			e.writeInt(v.Int())
			return nil
		}
	case reflect.Float64, reflect.Float32:
		if v.Type().PkgPath() == "" {
			e.writeDouble(v.Float())
			return nil
		}
	case reflect.Bool:
		if v.Type().PkgPath() == "" {
			return e.encode(v.Bool())
		}
	}
	return e.encode(v.Interface())
}

var (
	stringType = reflect.TypeFor[string]()
	timeType   = reflect.TypeFor[time.Time]()
)

// valueStructs are struct types that a pointer to encodes as the pointed-to
// value rather than as a referenced object.
var valueStructs = map[reflect.Type]bool{
	timeType:                        true,
	reflect.TypeFor[Date]():         true,
	reflect.TypeFor[Undefined]():    true,
	reflect.TypeFor[VectorInt]():    true,
	reflect.TypeFor[VectorUint]():   true,
	reflect.TypeFor[VectorDouble](): true,
}

// writeStruct writes a struct as an object with sealed traits. k is the
// identity of the pointer it was reached through, if any.
func (e *Encoder) writeStruct(rv reflect.Value, k *objKey, keep any) error {
	e.buf = append(e.buf, MarkerObject)
	if k != nil {
		if e.ref(*k, keep) {
			return nil
		}
	} else {
		e.inlineObject()
	}
	if err := e.enter(); err != nil {
		return err
	}
	defer e.leave()
	si := cachedStruct(rv.Type())
	fields := si.Fields
	if si.hasOmit {
		fields = make([]amfstruct.Field, 0, len(si.Fields))
		names := make([]string, 0, len(si.Fields))
		for _, f := range si.Fields {
			fv, ok := amfstruct.FieldByIndex(rv, f.Index)
			if f.OmitEmpty && (!ok || isEmptyValue(fv)) {
				continue
			}
			fields = append(fields, f)
			names = append(names, f.Name)
		}
		if err := e.writeTraitsKey(sealedKey(si.className, names), nil, si.className, false, false, names); err != nil {
			return err
		}
	} else if err := e.writeTraitsKey(si.traitsKey, nil, si.className, false, false, si.traits.Sealed); err != nil {
		return err
	}
	for _, f := range fields {
		fv, ok := amfstruct.FieldByIndex(rv, f.Index)
		if !ok {
			e.buf = append(e.buf, MarkerNull)
			continue
		}
		if err := e.encodeElem(fv); err != nil {
			return err
		}
	}
	return nil
}

// writeMap writes a map: string keys as an anonymous dynamic object with
// sorted keys, other keys as a Dictionary.
func (e *Encoder) writeMap(rv reflect.Value) error {
	kt := rv.Type().Key()
	stringKeys := kt.Kind() == reflect.String
	if stringKeys {
		e.buf = append(e.buf, MarkerObject)
	} else {
		e.buf = append(e.buf, MarkerDictionary)
	}
	if e.ref(objKey{t: rv.Type(), p: rv.Pointer()}, rv.Interface()) {
		return nil
	}
	if err := e.enter(); err != nil {
		return err
	}
	defer e.leave()
	keys := rv.MapKeys()
	sortKeys(keys)
	if stringKeys {
		if err := e.writeTraits(anonTraits); err != nil {
			return err
		}
		for _, k := range keys {
			s := k.String()
			if s == "" {
				return &UnsupportedValueError{Msg: "map key is the empty string"}
			}
			if err := e.writeStr(s); err != nil {
				return err
			}
			if err := e.encodeElem(rv.MapIndex(k)); err != nil {
				return err
			}
		}
		e.buf = append(e.buf, 0x01)
		return nil
	}
	if err := e.writeLen(len(keys), "dictionary"); err != nil {
		return err
	}
	e.buf = append(e.buf, 0)
	for _, k := range keys {
		if err := e.encodeElem(k); err != nil {
			return err
		}
		if err := e.encodeElem(rv.MapIndex(k)); err != nil {
			return err
		}
	}
	return nil
}

// sortKeys orders map keys of basic kinds; other key kinds keep map order.
func sortKeys(keys []reflect.Value) {
	if len(keys) < 2 {
		return
	}
	switch keys[0].Kind() {
	case reflect.String:
		slices.SortFunc(keys, func(a, b reflect.Value) int { return cmp.Compare(a.String(), b.String()) })
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		slices.SortFunc(keys, func(a, b reflect.Value) int { return cmp.Compare(a.Int(), b.Int()) })
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		slices.SortFunc(keys, func(a, b reflect.Value) int { return cmp.Compare(a.Uint(), b.Uint()) })
	case reflect.Float32, reflect.Float64:
		slices.SortFunc(keys, func(a, b reflect.Value) int { return cmp.Compare(a.Float(), b.Float()) })
	case reflect.Bool:
		slices.SortFunc(keys, func(a, b reflect.Value) int {
			return cmp.Compare(btoi(a.Bool()), btoi(b.Bool()))
		})
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
