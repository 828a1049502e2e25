package amf0

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"sync"

	"github.com/rtmpkit/rtmp/internal/amfstruct"
)

// store converts the dynamic value v into the target ptr points to.
func (d *decodeState) store(v any, ptr reflect.Value) error {
	switch p := ptr.Interface().(type) {
	case *Object:
		if o, ok := v.(Object); ok {
			*p = o
			return nil
		}
	case *ECMAArray:
		if o, ok := v.(ECMAArray); ok {
			*p = o
			return nil
		}
	case *[]any:
		if o, ok := v.([]any); ok {
			*p = o
			return nil
		}
	case *string:
		if s, ok := v.(string); ok {
			*p = s
			return nil
		}
	case *float64:
		if f, ok := v.(float64); ok {
			*p = f
			return nil
		}
	}
	d.depth = 0
	return d.assign(v, ptr.Elem(), "")
}

func (d *decodeState) typeError(v any, t reflect.Type, path string) error {
	return &UnmarshalTypeError{Offset: d.start, Value: describe(v), Type: t, Field: path}
}

// describe names the AMF0 kind of a dynamic value for error messages.
func describe(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case float64:
		return "number " + strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		return "boolean"
	case string:
		return "string"
	case Object:
		return "object"
	case ECMAArray:
		return "ECMA array"
	case []any:
		return "strict array"
	case *TypedObject:
		return "typed object " + strconv.Quote(v.ClassName)
	case Date:
		return "date"
	case XMLDocument:
		return "XML document"
	case Undefined:
		return "undefined"
	case Unsupported:
		return "unsupported"
	case AVMPlus:
		return "AVM+ value"
	}
	return reflect.TypeOf(v).String()
}

func joinPath(path, elem string) string {
	if path == "" {
		return elem
	}
	return path + "." + elem
}

// assign stores the dynamic value v in dst (settable).
func (d *decodeState) assign(v any, dst reflect.Value, path string) error {
	if err := d.charge(16); err != nil {
		return err
	}
	d.depth++
	err := d.assign1(v, dst, path)
	d.depth--
	return err
}

// unmarshalerTypes caches whether *T implements Unmarshaler.
var unmarshalerTypes sync.Map // reflect.Type -> bool

func isUnmarshaler(t reflect.Type) bool {
	if v, ok := unmarshalerTypes.Load(t); ok {
		return v.(bool)
	}
	ok := t.Kind() != reflect.Interface && reflect.PointerTo(t).Implements(unmarshalerType)
	unmarshalerTypes.Store(t, ok)
	return ok
}

func (d *decodeState) assign1(v any, dst reflect.Value, path string) error {
	if d.depth > d.lim.MaxDepth {
		return d.limit("MaxDepth", int64(d.depth), int64(d.lim.MaxDepth))
	}
	t := dst.Type()
	if isUnmarshaler(t) {
		if err := dst.Addr().Interface().(Unmarshaler).UnmarshalAMF0(v); err != nil {
			return &MarshalerError{Type: t, Err: err}
		}
		return nil
	}
	if v != nil {
		if vt := reflect.TypeOf(v); vt.AssignableTo(t) {
			dst.Set(reflect.ValueOf(v))
			return nil
		}
	}
	switch v := v.(type) {
	case nil, Undefined:
		switch t.Kind() {
		case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface:
			dst.SetZero()
		}
		return nil
	case AVMPlus:
		if !dst.CanAddr() {
			return d.typeError(v, t, path)
		}
		return assignAVMPlus(v.Value, dst)
	}
	switch t.Kind() {
	case reflect.Pointer:
		if dst.IsNil() {
			dst.Set(reflect.New(t.Elem()))
		}
		return d.assign(v, dst.Elem(), path)
	case reflect.Bool:
		if b, ok := v.(bool); ok {
			dst.SetBool(b)
			return nil
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if f, ok := v.(float64); ok && f == math.Trunc(f) && f >= -(1<<63) && f < 1<<63 {
			if i := int64(f); !dst.OverflowInt(i) {
				dst.SetInt(i)
				return nil
			}
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if f, ok := v.(float64); ok && f == math.Trunc(f) && f >= 0 && f < 1<<64 {
			if u := uint64(f); !dst.OverflowUint(u) {
				dst.SetUint(u)
				return nil
			}
		}
	case reflect.Float32, reflect.Float64:
		if f, ok := v.(float64); ok {
			dst.SetFloat(f)
			return nil
		}
	case reflect.String:
		switch s := v.(type) {
		case string:
			dst.SetString(s)
			return nil
		case XMLDocument:
			dst.SetString(string(s))
			return nil
		}
	case reflect.Struct:
		if t == timeType {
			if dt, ok := v.(Date); ok {
				dst.Set(reflect.ValueOf(dt.Time()))
				return nil
			}
			break
		}
		if ps, ok := pairsOf(v); ok {
			return d.assignStruct(ps, dst, path)
		}
	case reflect.Map:
		if ps, ok := pairsOf(v); ok {
			return d.assignMap(v, ps, dst, path)
		}
	case reflect.Slice:
		if arr, ok := v.([]any); ok {
			if err := d.charge(int64(len(arr)) * int64(t.Elem().Size())); err != nil {
				return err
			}
			s := reflect.MakeSlice(t, len(arr), len(arr))
			for i, e := range arr {
				if err := d.assign(e, s.Index(i), joinPath(path, strconv.Itoa(i))); err != nil {
					return err
				}
			}
			dst.Set(s)
			return nil
		}
	case reflect.Array:
		if arr, ok := v.([]any); ok {
			for i := 0; i < dst.Len(); i++ {
				if i >= len(arr) {
					dst.Index(i).SetZero()
					continue
				}
				if err := d.assign(arr[i], dst.Index(i), joinPath(path, strconv.Itoa(i))); err != nil {
					return err
				}
			}
			return nil
		}
	}
	return d.typeError(v, t, path)
}

// pairsOf returns the properties of an object-like dynamic value.
func pairsOf(v any) ([]Pair, bool) {
	switch v := v.(type) {
	case Object:
		return v, true
	case ECMAArray:
		return v, true
	case *TypedObject:
		return v.Props, true
	}
	return nil, false
}

func (d *decodeState) assignStruct(ps []Pair, dst reflect.Value, path string) error {
	si := cachedStruct(dst.Type())
	for _, p := range ps {
		i := si.Lookup(p.Key)
		if i < 0 {
			continue
		}
		f := &si.Fields[i]
		fv, err := amfstruct.FieldForSet(dst, f.Index)
		if err != nil {
			return fmt.Errorf("amf0: field %s: %w", joinPath(path, f.Name), err)
		}
		if si.plain[i] && assignPlain(p.Value, fv) {
			continue
		}
		if err := d.assign(p.Value, fv, joinPath(path, f.Name)); err != nil {
			return err
		}
	}
	return nil
}

func (d *decodeState) assignMap(v any, ps []Pair, dst reflect.Value, path string) error {
	t := dst.Type()
	kt := t.Key()
	switch kt.Kind() {
	case reflect.String, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
	default:
		return d.typeError(v, t, path)
	}
	if dst.IsNil() {
		dst.Set(reflect.MakeMapWithSize(t, len(ps)))
	}
	et := t.Elem()
	for _, p := range ps {
		kv := reflect.New(kt).Elem()
		switch kt.Kind() {
		case reflect.String:
			kv.SetString(p.Key)
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			n, err := strconv.ParseInt(p.Key, 10, 64)
			if err != nil || kv.OverflowInt(n) {
				return &UnmarshalTypeError{Offset: d.start, Value: "property name " + strconv.Quote(p.Key), Type: kt, Field: path}
			}
			kv.SetInt(n)
		default:
			n, err := strconv.ParseUint(p.Key, 10, 64)
			if err != nil || kv.OverflowUint(n) {
				return &UnmarshalTypeError{Offset: d.start, Value: "property name " + strconv.Quote(p.Key), Type: kt, Field: path}
			}
			kv.SetUint(n)
		}
		ev := reflect.New(et).Elem()
		if err := d.assign(p.Value, ev, joinPath(path, p.Key)); err != nil {
			return err
		}
		dst.SetMapIndex(kv, ev)
	}
	return nil
}

// assignPlain stores v in a plain (bool, number or string kind) target when
// the kinds match exactly; otherwise it reports false and the caller takes
// the general path, which also produces the error.
func assignPlain(v any, dst reflect.Value) bool {
	switch v := v.(type) {
	case float64:
		switch dst.Kind() {
		case reflect.Float64, reflect.Float32:
			dst.SetFloat(v)
			return true
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			if i := int64(v); float64(i) == v && !dst.OverflowInt(i) {
				dst.SetInt(i)
				return true
			}
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			if u := uint64(v); v >= 0 && float64(u) == v && !dst.OverflowUint(u) {
				dst.SetUint(u)
				return true
			}
		}
	case string:
		if dst.Kind() == reflect.String {
			dst.SetString(v)
			return true
		}
	case bool:
		if dst.Kind() == reflect.Bool {
			dst.SetBool(v)
			return true
		}
	}
	return false
}
