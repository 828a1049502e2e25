package bench

import (
	"bytes"
	"io"
	"testing"

	"github.com/rtmpkit/rtmp/amf0"
	yutopp "github.com/yutopp/go-amf0"
)

// benchCase is one sub-benchmark: a library coding a payload one way.
type benchCase struct {
	name  string // "library/model"
	bytes int    // payload size reported with b.SetBytes; 0 for none
	// op returns the body of one iteration; state it sets up (an encoder,
	// a buffer) is created once, outside the timed loop.
	op func() func() error
}

// run runs each case as a sub-benchmark reporting allocations.
func run(b *testing.B, cases []benchCase) {
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			body := c.op()
			b.ReportAllocs()
			if c.bytes > 0 {
				b.SetBytes(int64(c.bytes))
			}
			for b.Loop() {
				if err := body(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// decoder and encoder are what both libraries' codecs provide.
type (
	decoder interface{ Decode(any) error }
	encoder interface{ Encode(any) error }
)

// decodeInto decodes one value into each of dsts in turn.
func decodeInto(d decoder, dsts ...any) error {
	for _, v := range dsts {
		if err := d.Decode(v); err != nil {
			return err
		}
	}
	return nil
}

// encodeEach returns an op that encodes vs with the encoder newEnc makes
// for a buffer, resetting the buffer each iteration.
func encodeEach[E encoder](newEnc func(io.Writer) E, vs ...any) func() func() error {
	return func() func() error {
		var buf bytes.Buffer
		enc := newEnc(&buf)
		return func() error {
			buf.Reset()
			for _, v := range vs {
				if err := enc.Encode(v); err != nil {
					return err
				}
			}
			return nil
		}
	}
}

// stateless wraps an op that needs no set-up.
func stateless(f func() error) func() func() error {
	return func() func() error { return f }
}

func BenchmarkDecodeConnect(b *testing.B) {
	payload := ConnectPayload()
	n := len(payload)
	run(b, []benchCase{
		{"rtmpkit/dynamic", n, stateless(func() error {
			_, err := amf0.DecodeAll(payload)
			return err
		})},
		{"rtmpkit/struct", n, stateless(func() error {
			var name string
			var txn float64
			var cmd ConnectCmd
			return decodeInto(amf0.NewBytesDecoder(payload), &name, &txn, &cmd)
		})},
		{"yutopp/dynamic", n, stateless(func() error {
			dec := yutopp.NewDecoder(bytes.NewReader(payload))
			for {
				var v any
				if err := dec.Decode(&v); err == io.EOF {
					return nil
				} else if err != nil {
					return err
				}
			}
		})},
		{"yutopp/struct", n, stateless(func() error {
			var name string
			var txn float64
			var cmd ConnectCmd
			return decodeInto(yutopp.NewDecoder(bytes.NewReader(payload)), &name, &txn, &cmd)
		})},
	})
}

func BenchmarkDecodeMetaData(b *testing.B) {
	payload := MetaDataPayload()
	n := len(payload)
	run(b, []benchCase{
		{"rtmpkit/dynamic", n, stateless(func() error {
			_, err := amf0.DecodeAll(payload)
			return err
		})},
		{"rtmpkit/struct", n, stateless(func() error {
			var name string
			var md MetaData
			return decodeInto(amf0.NewBytesDecoder(payload), &name, &md)
		})},
		{"yutopp/dynamic", n, stateless(func() error {
			var name string
			var v any
			return decodeInto(yutopp.NewDecoder(bytes.NewReader(payload)), &name, &v)
		})},
		// yutopp cannot decode an ECMA array into a struct; a typed map is
		// its closest equivalent.
		{"yutopp/map", n, stateless(func() error {
			var name string
			var m map[string]any
			return decodeInto(yutopp.NewDecoder(bytes.NewReader(payload)), &name, &m)
		})},
	})
}

var connectStruct = ConnectCmd{
	App: "live", FlashVer: "LNX 9,0,124,2", SwfURL: "http://example.com/player.swf",
	TcURL: "rtmp://example.com:1935/live", Capabilities: 15, AudioCodecs: 4071, VideoCodecs: 252,
	VideoFunction: 1, PageURL: "http://example.com/watch.html",
}

func BenchmarkEncodeConnect(b *testing.B) {
	run(b, []benchCase{
		{"rtmpkit/append", 0, func() func() error {
			buf := make([]byte, 0, 512)
			return func() error {
				buf = appendConnect(buf[:0], &connectStruct)
				return nil
			}
		}},
		{"rtmpkit/dynamic", 0, encodeEach(amf0.NewEncoder, "connect", 1.0, connectObject)},
		{"rtmpkit/struct", 0, encodeEach(amf0.NewEncoder, "connect", 1.0, &connectStruct)},
		{"yutopp/dynamic", 0, encodeEach(yutopp.NewEncoder, "connect", 1.0, toPlain(connectObject))},
		{"yutopp/struct", 0, encodeEach(yutopp.NewEncoder, "connect", 1.0, &connectStruct)},
	})
}

func BenchmarkEncodeMetaData(b *testing.B) {
	var md MetaData
	if err := amf0.Unmarshal(MetaDataPayload()[13:], &md); err != nil {
		b.Fatal(err)
	}
	run(b, []benchCase{
		{"rtmpkit/dynamic", 0, encodeEach(amf0.NewEncoder, "onMetaData", metaData)},
		{"rtmpkit/struct", 0, encodeEach(amf0.NewEncoder, "onMetaData", &md)},
		{"yutopp/dynamic", 0, encodeEach(yutopp.NewEncoder, "onMetaData", toPlain(metaData))},
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
