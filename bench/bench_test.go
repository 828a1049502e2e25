package bench

import (
	"bytes"
	"io"
	"testing"

	"github.com/rtmpkit/rtmp/amf0"
	yutopp "github.com/yutopp/go-amf0"
)

func BenchmarkDecodeConnect(b *testing.B) {
	payload := ConnectPayload()
	b.Run("rtmpkit/dynamic", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(payload)))
		for b.Loop() {
			if _, err := amf0.DecodeAll(payload); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("rtmpkit/struct", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(payload)))
		for b.Loop() {
			var name string
			var txn float64
			var cmd ConnectCmd
			dec := amf0.NewBytesDecoder(payload)
			if err := dec.Decode(&name); err != nil {
				b.Fatal(err)
			}
			if err := dec.Decode(&txn); err != nil {
				b.Fatal(err)
			}
			if err := dec.Decode(&cmd); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("yutopp/dynamic", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(payload)))
		for b.Loop() {
			dec := yutopp.NewDecoder(bytes.NewReader(payload))
			for {
				var v any
				if err := dec.Decode(&v); err == io.EOF {
					break
				} else if err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("yutopp/struct", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(payload)))
		for b.Loop() {
			var name string
			var txn float64
			var cmd ConnectCmd
			dec := yutopp.NewDecoder(bytes.NewReader(payload))
			if err := dec.Decode(&name); err != nil {
				b.Fatal(err)
			}
			if err := dec.Decode(&txn); err != nil {
				b.Fatal(err)
			}
			if err := dec.Decode(&cmd); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkDecodeMetaData(b *testing.B) {
	payload := MetaDataPayload()
	b.Run("rtmpkit/dynamic", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(payload)))
		for b.Loop() {
			if _, err := amf0.DecodeAll(payload); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("rtmpkit/struct", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(payload)))
		for b.Loop() {
			var name string
			var md MetaData
			dec := amf0.NewBytesDecoder(payload)
			if err := dec.Decode(&name); err != nil {
				b.Fatal(err)
			}
			if err := dec.Decode(&md); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("yutopp/dynamic", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(payload)))
		for b.Loop() {
			dec := yutopp.NewDecoder(bytes.NewReader(payload))
			var name string
			var v any
			if err := dec.Decode(&name); err != nil {
				b.Fatal(err)
			}
			if err := dec.Decode(&v); err != nil {
				b.Fatal(err)
			}
		}
	})
	// yutopp cannot decode an ECMA array into a struct; a typed map is its
	// closest equivalent.
	b.Run("yutopp/map", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(payload)))
		for b.Loop() {
			dec := yutopp.NewDecoder(bytes.NewReader(payload))
			var name string
			var m map[string]any
			if err := dec.Decode(&name); err != nil {
				b.Fatal(err)
			}
			if err := dec.Decode(&m); err != nil {
				b.Fatal(err)
			}
		}
	})
}

var connectStruct = ConnectCmd{
	App: "live", FlashVer: "LNX 9,0,124,2", SwfURL: "http://example.com/player.swf",
	TcURL: "rtmp://example.com:1935/live", Capabilities: 15, AudioCodecs: 4071, VideoCodecs: 252,
	VideoFunction: 1, PageURL: "http://example.com/watch.html",
}

func BenchmarkEncodeConnect(b *testing.B) {
	b.Run("rtmpkit/append", func(b *testing.B) {
		b.ReportAllocs()
		buf := make([]byte, 0, 512)
		for b.Loop() {
			buf = appendConnect(buf[:0], &connectStruct)
		}
	})
	b.Run("rtmpkit/dynamic", func(b *testing.B) {
		b.ReportAllocs()
		var buf bytes.Buffer
		enc := amf0.NewEncoder(&buf)
		for b.Loop() {
			buf.Reset()
			for _, v := range []any{"connect", 1.0, connectObject} {
				if err := enc.Encode(v); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("rtmpkit/struct", func(b *testing.B) {
		b.ReportAllocs()
		var buf bytes.Buffer
		enc := amf0.NewEncoder(&buf)
		for b.Loop() {
			buf.Reset()
			for _, v := range []any{"connect", 1.0, &connectStruct} {
				if err := enc.Encode(v); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	plain := toPlain(connectObject)
	b.Run("yutopp/dynamic", func(b *testing.B) {
		b.ReportAllocs()
		var buf bytes.Buffer
		enc := yutopp.NewEncoder(&buf)
		for b.Loop() {
			buf.Reset()
			for _, v := range []any{"connect", 1.0, plain} {
				if err := enc.Encode(v); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("yutopp/struct", func(b *testing.B) {
		b.ReportAllocs()
		var buf bytes.Buffer
		enc := yutopp.NewEncoder(&buf)
		for b.Loop() {
			buf.Reset()
			for _, v := range []any{"connect", 1.0, &connectStruct} {
				if err := enc.Encode(v); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

func BenchmarkEncodeMetaData(b *testing.B) {
	var md MetaData
	if err := amf0.Unmarshal(MetaDataPayload()[13:], &md); err != nil {
		b.Fatal(err)
	}
	b.Run("rtmpkit/dynamic", func(b *testing.B) {
		b.ReportAllocs()
		var buf bytes.Buffer
		enc := amf0.NewEncoder(&buf)
		for b.Loop() {
			buf.Reset()
			if err := enc.Encode("onMetaData"); err != nil {
				b.Fatal(err)
			}
			if err := enc.Encode(metaData); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("rtmpkit/struct", func(b *testing.B) {
		b.ReportAllocs()
		var buf bytes.Buffer
		enc := amf0.NewEncoder(&buf)
		for b.Loop() {
			buf.Reset()
			if err := enc.Encode("onMetaData"); err != nil {
				b.Fatal(err)
			}
			if err := enc.Encode(&md); err != nil {
				b.Fatal(err)
			}
		}
	})
	plain := toPlain(metaData)
	b.Run("yutopp/dynamic", func(b *testing.B) {
		b.ReportAllocs()
		var buf bytes.Buffer
		enc := yutopp.NewEncoder(&buf)
		for b.Loop() {
			buf.Reset()
			if err := enc.Encode("onMetaData"); err != nil {
				b.Fatal(err)
			}
			if err := enc.Encode(plain); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// appendConnect is how a command writer uses the Append functions.
func appendConnect(b []byte, c *ConnectCmd) []byte {
	b = amf0.AppendString(b, "connect")
	b = amf0.AppendNumber(b, 1)
	b = amf0.AppendObjectStart(b)
	b = amf0.AppendPropertyName(b, "app")
	b = amf0.AppendString(b, c.App)
	b = amf0.AppendPropertyName(b, "flashVer")
	b = amf0.AppendString(b, c.FlashVer)
	b = amf0.AppendPropertyName(b, "swfUrl")
	b = amf0.AppendString(b, c.SwfURL)
	b = amf0.AppendPropertyName(b, "tcUrl")
	b = amf0.AppendString(b, c.TcURL)
	b = amf0.AppendPropertyName(b, "fpad")
	b = amf0.AppendBool(b, c.Fpad)
	b = amf0.AppendPropertyName(b, "capabilities")
	b = amf0.AppendNumber(b, c.Capabilities)
	b = amf0.AppendPropertyName(b, "audioCodecs")
	b = amf0.AppendNumber(b, c.AudioCodecs)
	b = amf0.AppendPropertyName(b, "videoCodecs")
	b = amf0.AppendNumber(b, c.VideoCodecs)
	b = amf0.AppendPropertyName(b, "videoFunction")
	b = amf0.AppendNumber(b, c.VideoFunction)
	b = amf0.AppendPropertyName(b, "pageUrl")
	b = amf0.AppendString(b, c.PageURL)
	b = amf0.AppendPropertyName(b, "objectEncoding")
	b = amf0.AppendNumber(b, c.ObjectEncoding)
	return amf0.AppendObjectEnd(b)
}
