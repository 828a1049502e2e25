package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/rtmpkit/rtmp/amf0"
	"github.com/rtmpkit/rtmp/amf3"
)

// amfJSONHelp documents the AMF ↔ JSON mapping in the call command's help.
const amfJSONHelp = `Arguments (JSON to AMF0): null → null, true/false → boolean, numbers →
number, strings → string, arrays → strict array, objects → anonymous object
(property order kept). An argument that is not valid JSON is sent as a string.

Result (AMF to JSON): null and undefined → null; boolean, number, string as
such (NaN and ±Infinity → the strings "NaN", "Infinity", "-Infinity");
object, ECMA array and typed object → object in wire order (a typed object
gets a "__class" property); strict array and AMF3 dense array → array (an AMF3
array with named members → object); date → RFC 3339 string in UTC; XML →
string; AMF3 ByteArray → base64 string; AMF3 vectors → arrays. One returned
value is printed as itself, several as a JSON array of them.`

// jsonToAMF parses one JSON text into AMF0 values, keeping object
// property order.
func jsonToAMF(s string) (any, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	v, err := decodeJSONValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("extra data after the JSON value")
	}
	return v, nil
}

// argToAMF converts one command-line argument: JSON when it parses,
// otherwise the argument as a string.
func argToAMF(s string) any {
	v, err := jsonToAMF(s)
	if err != nil {
		return s
	}
	return v
}

func decodeJSONValue(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			obj := amf0.Object{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				key, _ := kt.(string)
				v, err := decodeJSONValue(dec)
				if err != nil {
					return nil, err
				}
				obj = append(obj, amf0.Pair{Key: key, Value: v})
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return obj, nil
		case '[':
			arr := []any{}
			for dec.More() {
				v, err := decodeJSONValue(dec)
				if err != nil {
					return nil, err
				}
				arr = append(arr, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return arr, nil
		}
		return nil, fmt.Errorf("unexpected %v", t)
	case json.Number:
		return t.Float64()
	case string, bool, nil:
		return t, nil
	}
	return nil, fmt.Errorf("unexpected JSON token %v", tok)
}

// amfToJSON renders AMF values (AMF0, or AMF3 behind the AVM+ switch) as
// indented JSON, keeping the wire order of properties.
func amfToJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	writeJSON(&b, v)
	var out bytes.Buffer
	if err := json.Indent(&out, b.Bytes(), "", "  "); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// writeJSON appends the JSON of v to b.
func writeJSON(b *bytes.Buffer, v any) {
	switch x := v.(type) {
	case nil, amf0.Undefined, amf3.Undefined:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case float64:
		writeNumber(b, x)
	case float32:
		writeNumber(b, float64(x))
	case int:
		b.WriteString(strconv.Itoa(x))
	case int32:
		b.WriteString(strconv.FormatInt(int64(x), 10))
	case uint32:
		b.WriteString(strconv.FormatUint(uint64(x), 10))
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case string:
		writeString(b, x)
	case amf0.XMLDocument:
		writeString(b, string(x))
	case amf3.XML:
		writeString(b, string(x))
	case amf3.XMLDocument:
		writeString(b, string(x))
	case amf0.Date:
		writeString(b, x.Time().UTC().Format(time.RFC3339Nano))
	case time.Time:
		writeString(b, x.UTC().Format(time.RFC3339Nano))
	case amf3.ByteArray:
		writeString(b, base64.StdEncoding.EncodeToString(x))
	case []byte:
		writeString(b, base64.StdEncoding.EncodeToString(x))
	case amf0.Object:
		writePairs(b, "", x)
	case amf0.ECMAArray:
		writePairs(b, "", []amf0.Pair(x))
	case *amf0.TypedObject:
		writePairs(b, x.ClassName, x.Props)
	case []any:
		writeArray(b, x)
	case amf0.AVMPlus:
		writeJSON(b, x.Value)
	case *amf0.AVMPlus:
		writeJSON(b, x.Value)
	case *amf3.Object:
		writeAMF3Object(b, x)
	case *amf3.Array:
		if len(x.Assoc) == 0 {
			writeArray(b, x.Dense)
			return
		}
		ps := pairs3(x.Assoc)
		for i, d := range x.Dense {
			ps = append(ps, amf0.Pair{Key: strconv.Itoa(i), Value: d})
		}
		writePairs(b, "", ps)
	default:
		writeReflected(b, v)
	}
}

// writeAMF3Object writes the sealed members (by trait name), then the dynamic ones.
func writeAMF3Object(b *bytes.Buffer, o *amf3.Object) {
	var ps []amf0.Pair
	class := ""
	if o.Traits != nil {
		class = o.Traits.ClassName
		for i, name := range o.Traits.Sealed {
			if i < len(o.Sealed) {
				ps = append(ps, amf0.Pair{Key: name, Value: o.Sealed[i]})
			}
		}
	}
	ps = append(ps, pairs3(o.Dynamic)...)
	if o.External != nil {
		ps = append(ps, amf0.Pair{Key: "__external", Value: o.External})
	}
	writePairs(b, class, ps)
}

// writeReflected handles the remaining AMF3 types (vectors, dictionaries,
// dates) through encoding/json, or as their printed form.
func writeReflected(b *bytes.Buffer, v any) {
	switch x := v.(type) {
	case amf3.Date:
		writeString(b, x.Time().UTC().Format(time.RFC3339Nano))
		return
	case *amf3.VectorObject:
		writeArray(b, x.Items)
		return
	}
	if j, err := json.Marshal(v); err == nil {
		b.Write(j)
		return
	}
	writeString(b, fmt.Sprint(v))
}

func writeNumber(b *bytes.Buffer, f float64) {
	switch {
	case math.IsNaN(f):
		b.WriteString(`"NaN"`)
	case math.IsInf(f, 1):
		b.WriteString(`"Infinity"`)
	case math.IsInf(f, -1):
		b.WriteString(`"-Infinity"`)
	default:
		b.WriteString(strconv.FormatFloat(f, 'g', -1, 64))
	}
}

func writeString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	enc.Encode(s) // a string always encodes; Encode adds a newline
	b.Truncate(b.Len() - 1)
}

func writeArray(b *bytes.Buffer, a []any) {
	b.WriteByte('[')
	for i, v := range a {
		if i > 0 {
			b.WriteByte(',')
		}
		writeJSON(b, v)
	}
	b.WriteByte(']')
}

func writePairs(b *bytes.Buffer, class string, ps []amf0.Pair) {
	b.WriteByte('{')
	n := 0
	if class != "" {
		writeString(b, "__class")
		b.WriteByte(':')
		writeString(b, class)
		n++
	}
	for _, p := range ps {
		if n > 0 {
			b.WriteByte(',')
		}
		writeString(b, p.Key)
		b.WriteByte(':')
		writeJSON(b, p.Value)
		n++
	}
	b.WriteByte('}')
}

func pairs3(ps []amf3.Pair) []amf0.Pair {
	out := make([]amf0.Pair, len(ps))
	for i, p := range ps {
		out[i] = amf0.Pair{Key: p.Key, Value: p.Value}
	}
	return out
}
