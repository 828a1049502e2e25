package amf0

import (
	"encoding/hex"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/amf3"
)

type avmInner struct {
	Title string `amf:"title"`
	N     int    `amf:"n"`
}

type avmTarget struct {
	Obj   avmInner  `amf:"obj"`
	Ptr   *avmInner `amf:"ptr"`
	List  []string  `amf:"list"`
	Num   *int      `amf:"num"`
	When  time.Time `amf:"when"`
	Text  string    `amf:"text"`
	Again string    `amf:"again"`
}

// TestAVMPlusIntoStructFields decodes 0x11 values into typed struct fields.
func TestAVMPlusIntoStructFields(t *testing.T) {
	seven := 7
	tests := []struct {
		name string
		hex  string
		want avmTarget
	}{
		{"object into struct field",
			"03 0003 6f626a 11 0a0b01 0b7469746c65 0603 78 036e 0405 01 000009",
			avmTarget{Obj: avmInner{Title: "x", N: 5}}},
		{"object into pointer field",
			"03 0003 707472 11 0a0b01 036e 0409 01 000009",
			avmTarget{Ptr: &avmInner{N: 9}}},
		{"array into slice field",
			"03 0004 6c697374 11 0905 01 0603 61 0603 62 000009",
			avmTarget{List: []string{"a", "b"}}},
		{"integer into *int field",
			"03 0003 6e756d 11 0407 000009",
			avmTarget{Num: &seven}},
		{"date into time.Time field",
			"03 0004 7768656e 11 08 01 408f400000000000 000009",
			avmTarget{When: time.UnixMilli(1000)}},
		// AMF3 reference tables span the 0x11 values of one input: the
		// second string is a reference to the first.
		{"string reference across values",
			"03 0004 74657874 11 0607 616263 0005 616761696e 11 0600 000009",
			avmTarget{Text: "abc", Again: "abc"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := hex.DecodeString(strings.ReplaceAll(tt.hex, " ", ""))
			if err != nil {
				t.Fatal(err)
			}
			var got avmTarget
			if err := Unmarshal(data, &got); err != nil {
				t.Fatal(err)
			}
			if !got.When.Equal(tt.want.When) {
				t.Fatalf("When = %v, want %v", got.When, tt.want.When)
			}
			got.When, tt.want.When = time.Time{}, time.Time{}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestAVMPlusIntoStructFieldTypeError(t *testing.T) {
	// {obj: 0x11 "s"}: an AMF3 string cannot fill a struct.
	data := []byte{0x03, 0, 3, 'o', 'b', 'j', 0x11, 0x06, 0x03, 's', 0, 0, 9}
	var got avmTarget
	err := Unmarshal(data, &got)
	var te *amf3.UnmarshalTypeError
	if !errors.As(err, &te) || te.Type != reflect.TypeFor[avmInner]() {
		t.Fatalf("got %v, want an amf3.UnmarshalTypeError for avmInner", err)
	}
}
