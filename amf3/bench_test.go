package amf3

import (
	"bytes"
	"io"
	"testing"
)

// benchMessage is a typical Flex RemotingMessage-sized object.
type benchMessage struct {
	Operation   string         `amf:"operation"`
	Source      string         `amf:"source"`
	Destination string         `amf:"destination"`
	MessageID   string         `amf:"messageId"`
	ClientID    string         `amf:"clientId"`
	Timestamp   float64        `amf:"timestamp"`
	TimeToLive  int            `amf:"timeToLive"`
	Headers     map[string]any `amf:"headers"`
	Body        []any          `amf:"body"`
}

func (benchMessage) AMFClassName() string { return "flex.messaging.messages.RemotingMessage" }

var benchValue = benchMessage{
	Operation: "getItems", Source: "com.example.Catalog", Destination: "catalog",
	MessageID: "6D3B2C58-1F0A-4B0E-9E3C-3A1F0B3F5E21", ClientID: "2E1C4A0B-8E1D-4F3E-9A0B-1C2D3E4F5A6B",
	Timestamp: 1.7e12, TimeToLive: 0,
	Headers: map[string]any{"DSEndpoint": "my-amf", "DSId": "2E1C4A0B-8E1D-4F3E-9A0B-1C2D3E4F5A6B"},
	Body:    []any{"books", int32(20), 1.5, true, []byte{1, 2, 3, 4}},
}

func benchBytes(b *testing.B) []byte {
	data, err := Marshal(benchValue)
	if err != nil {
		b.Fatal(err)
	}
	return data
}

func BenchmarkDecodeAny(b *testing.B) {
	data := benchBytes(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	r := bytes.NewReader(data)
	for b.Loop() {
		r.Reset(data)
		d := NewDecoder(r)
		var v any
		if err := d.Decode(&v); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeStruct(b *testing.B) {
	data := benchBytes(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var m benchMessage
		if err := Unmarshal(data, &m); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeStruct(b *testing.B) {
	data := benchBytes(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	e := NewEncoder(io.Discard)
	for b.Loop() {
		e.ResetReferences()
		if err := e.Encode(benchValue); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeDynamic(b *testing.B) {
	var v any
	if err := Unmarshal(benchBytes(b), &v); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	e := NewEncoder(io.Discard)
	for b.Loop() {
		e.ResetReferences()
		if err := e.Encode(v); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMarshal(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Marshal(benchValue); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNumericVector encodes and decodes 1024-item numeric vectors.
func BenchmarkNumericVector(b *testing.B) {
	ints := VectorInt{Items: make([]int32, 1024)}
	doubles := VectorDouble{Items: make([]float64, 1024)}
	for i := range 1024 {
		ints.Items[i] = int32(i * 7)
		doubles.Items[i] = float64(i) / 3
	}
	for _, c := range []struct {
		name string
		v    any
	}{{"int", ints}, {"double", doubles}} {
		data, err := Marshal(c.v)
		if err != nil {
			b.Fatal(err)
		}
		b.Run("encode/"+c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := Marshal(c.v); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("decode/"+c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				var v any
				if err := Unmarshal(data, &v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
