package amf0_test

import (
	"fmt"

	"github.com/rtmpkit/rtmp/amf0"
)

func ExampleMarshal() {
	type status struct {
		Level       string `amf:"level"`
		Code        string `amf:"code"`
		Description string `amf:"description,omitempty"`
	}
	b, err := amf0.Marshal(status{Level: "status", Code: "NetStream.Play.Start"})
	if err != nil {
		panic(err)
	}
	fmt.Printf("% x\n", b[:8])
	// Output: 03 00 05 6c 65 76 65 6c
}

func ExampleUnmarshal() {
	// A connect command object, as a client sends it.
	b, _ := amf0.Marshal(amf0.Object{
		{Key: "app", Value: "live"},
		{Key: "tcUrl", Value: "rtmp://localhost/live"},
		{Key: "objectEncoding", Value: 0.0},
	})
	var cmd struct {
		App            string `amf:"app"`
		TcURL          string `amf:"tcUrl"`
		ObjectEncoding int    `amf:"objectEncoding"`
	}
	if err := amf0.Unmarshal(b, &cmd); err != nil {
		panic(err)
	}
	fmt.Println(cmd.App, cmd.TcURL, cmd.ObjectEncoding)
	// Output: live rtmp://localhost/live 0
}

func ExampleUnmarshal_dynamic() {
	b, _ := amf0.Marshal(amf0.ECMAArray{{Key: "width", Value: 1280.0}, {Key: "height", Value: 720.0}})
	var v any
	if err := amf0.Unmarshal(b, &v); err != nil {
		panic(err)
	}
	meta := v.(amf0.ECMAArray)
	w, _ := meta.Get("width")
	fmt.Println(len(meta), w)
	// Output: 2 1280
}

func ExampleDecodeAll() {
	// An RTMP command payload: name, transaction id, command object, args.
	var payload []byte
	payload = amf0.AppendString(payload, "createStream")
	payload = amf0.AppendNumber(payload, 2)
	payload = amf0.AppendNull(payload)
	vals, err := amf0.DecodeAll(payload)
	if err != nil {
		panic(err)
	}
	fmt.Println(vals...)
	// Output: createStream 2 <nil>
}

func ExampleAppendString() {
	b := make([]byte, 0, 64)
	b = amf0.AppendString(b, "onStatus")
	b = amf0.AppendNumber(b, 0)
	b = amf0.AppendNull(b)
	b = amf0.AppendObjectStart(b)
	b = amf0.AppendPropertyName(b, "code")
	b = amf0.AppendString(b, "NetStream.Publish.Start")
	b = amf0.AppendObjectEnd(b)
	fmt.Println(len(b))
	// Output: 57
}
