package amf3_test

import (
	"bytes"
	"fmt"

	"github.com/rtmpkit/rtmp/amf3"
)

type Track struct {
	Title    string   `amf:"title"`
	Seconds  int      `amf:"seconds"`
	Tags     []string `amf:"tags,omitempty"`
	Internal string   `amf:"-"`
}

func (Track) AMFClassName() string { return "com.example.Track" }

func ExampleMarshal() {
	b, err := amf3.Marshal(Track{Title: "Intro", Seconds: 95})
	if err != nil {
		panic(err)
	}
	fmt.Printf("% x\n", b)
	// Output:
	// 0a 23 23 63 6f 6d 2e 65 78 61 6d 70 6c 65 2e 54 72 61 63 6b 0b 74 69 74 6c 65 0f 73 65 63 6f 6e 64 73 06 0b 49 6e 74 72 6f 04 5f
}

func ExampleUnmarshal() {
	// {title: "Intro", seconds: 95} as an anonymous dynamic object.
	b := []byte("\x0a\x0b\x01\x0btitle\x06\x0bIntro\x0fseconds\x04\x5f\x01")
	var t Track
	if err := amf3.Unmarshal(b, &t); err != nil {
		panic(err)
	}
	fmt.Printf("%+v\n", t)

	// The same bytes into the dynamic model.
	var v any
	if err := amf3.Unmarshal(b, &v); err != nil {
		panic(err)
	}
	o := v.(*amf3.Object)
	title, _ := o.Get("title")
	secs, _ := o.Get("seconds")
	fmt.Printf("%q %T(%v)\n", title, secs, secs)
	// Output:
	// {Title:Intro Seconds:95 Tags:[] Internal:}
	// "Intro" int32(95)
}

func ExampleDecoder() {
	// Two values sharing one string table: "hello", then a reference to it.
	d := amf3.NewDecoder(bytes.NewReader([]byte("\x06\x0bhello\x06\x00")))
	for {
		var s string
		if err := d.Decode(&s); err != nil {
			break
		}
		fmt.Println(s)
	}
	// Output:
	// hello
	// hello
}

func ExampleEncoder() {
	var buf bytes.Buffer
	e := amf3.NewEncoder(&buf)
	shared := amf3.NewObject()
	shared.Set("n", 1)
	_ = e.Encode(shared)
	_ = e.Encode(shared) // the object table persists: written as reference #0
	fmt.Printf("% x\n", buf.Bytes())
	// Output:
	// 0a 0b 01 03 6e 04 01 01 0a 00
}

func ExampleNewArrayCollection() {
	b, _ := amf3.Marshal(amf3.NewArrayCollection([]string{"a"}))
	var v any
	_ = amf3.Unmarshal(b, &v)
	o := v.(*amf3.Object)
	fmt.Println(o.ClassName(), o.External.(*amf3.Array).Dense)
	// Output:
	// flex.messaging.io.ArrayCollection [a]
}

func ExampleAssign() {
	// A value decoded earlier into the dynamic model, for instance to look
	// at its class before choosing a Go type.
	v := &amf3.Object{
		Traits: &amf3.Traits{ClassName: "com.example.Track", Sealed: []string{"title", "seconds"}},
		Sealed: []any{"Intro", int32(95)},
	}
	var t Track
	if err := amf3.Assign(&t, v); err != nil {
		panic(err)
	}
	fmt.Printf("%+v\n", t)
	// Output:
	// {Title:Intro Seconds:95 Tags:[] Internal:}
}
