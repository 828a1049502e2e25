package flv

import (
	"errors"
	"fmt"
	"math"

	"github.com/rtmpkit/rtmp/amf0"
)

// Names used in script data (RTMP data messages and FLV script tags).
const (
	// OnMetaData names the metadata a player receives and an FLV file
	// stores: ["onMetaData", ECMAArray].
	OnMetaData = "onMetaData"
	// SetDataFrame prefixes metadata a publisher sends:
	// ["@setDataFrame", "onMetaData", ECMAArray].
	SetDataFrame = "@setDataFrame"
	// ClearDataFrame asks the server to forget cached metadata:
	// ["@clearDataFrame", "onMetaData"].
	ClearDataFrame = "@clearDataFrame"
)

// Metadata is the onMetaData ECMA array: its entries in wire order, with Get
// and Set. Values use the amf0 dynamic model (float64, bool, string,
// amf0.Object, ...).
type Metadata = amf0.ECMAArray

// ErrNotMetadata is returned by ParseMetadata for script data that is not
// onMetaData (with or without the @setDataFrame prefix).
var ErrNotMetadata = errors.New("flv: script data is not onMetaData")

// setDataFramePrefix is the AMF0 String "@setDataFrame".
var setDataFramePrefix = amf0.AppendString(nil, SetDataFrame)

// onMetaDataPrefix is the AMF0 String "onMetaData".
var onMetaDataPrefix = amf0.AppendString(nil, OnMetaData)

// ParseScript decodes an AMF0 script tag body (or RTMP data message
// payload): a String name followed by zero or more values in the amf0
// dynamic model.
func ParseScript(data []byte) (name string, values []any, err error) {
	all, err := amf0.DecodeAll(data)
	if err != nil {
		return "", nil, err
	}
	if len(all) == 0 {
		return "", nil, errShort
	}
	name, ok := all[0].(string)
	if !ok {
		return "", nil, fmt.Errorf("%w: script data starts with %T, not a String", ErrMalformed, all[0])
	}
	return name, all[1:], nil
}

// AppendScript appends an AMF0 script body: the String name, then values
// encoded as amf0.Append does.
func AppendScript(b []byte, name string, values ...any) ([]byte, error) {
	b = amf0.AppendString(b, name)
	for _, v := range values {
		var err error
		if b, err = amf0.Append(b, v); err != nil {
			return b, err
		}
	}
	return b, nil
}

// ParseMetadata decodes onMetaData script data in either form:
// ["onMetaData", value] as stored in FLV files and sent to players, or
// ["@setDataFrame", "onMetaData", value] as publishers send it. The value may
// be an ECMA array (FFmpeg, OBS) or an anonymous Object (some encoders),
// which is converted; a missing or null value gives an empty array. Other
// script data gives ErrNotMetadata.
func ParseMetadata(data []byte) (Metadata, error) {
	name, values, err := ParseScript(data)
	if err != nil {
		return nil, err
	}
	if name == SetDataFrame {
		if len(values) == 0 || values[0] != OnMetaData {
			return nil, ErrNotMetadata
		}
		values = values[1:]
	} else if name != OnMetaData {
		return nil, ErrNotMetadata
	}
	if len(values) == 0 {
		return amf0.ECMAArray{}, nil
	}
	switch v := values[0].(type) {
	case amf0.ECMAArray:
		return v, nil
	case amf0.Object:
		return amf0.ECMAArray(v), nil
	case nil, amf0.Undefined:
		return amf0.ECMAArray{}, nil
	}
	return nil, fmt.Errorf("%w: onMetaData value is %T", ErrMalformed, values[0])
}

// AppendMetadata appends ["onMetaData", md] with md as an ECMA array: the
// body of an FLV script tag and of the data message a server sends players.
func AppendMetadata(b []byte, md Metadata) ([]byte, error) {
	if md == nil {
		md = amf0.ECMAArray{}
	}
	return AppendScript(b, OnMetaData, md)
}

// AppendSetDataFrame appends ["@setDataFrame", "onMetaData", md], the form
// a publisher sends.
func AppendSetDataFrame(b []byte, md Metadata) ([]byte, error) {
	return AppendMetadata(append(b, setDataFramePrefix...), md)
}

// StripSetDataFrame returns the script body without a leading
// "@setDataFrame" String, as a server does before caching and forwarding
// publisher metadata. It does not decode or copy: the result aliases data.
// It reports whether the prefix was there.
func StripSetDataFrame(data []byte) ([]byte, bool) {
	if len(data) >= len(setDataFramePrefix) && string(data[:len(setDataFramePrefix)]) == string(setDataFramePrefix) {
		return data[len(setDataFramePrefix):], true
	}
	return data, false
}

// AddSetDataFrame appends the String "@setDataFrame" and then body to b:
// the inverse of StripSetDataFrame, as a publisher turns an FLV script tag
// into a data message.
func AddSetDataFrame(b, body []byte) []byte {
	return append(append(b, setDataFramePrefix...), body...)
}

// IsMetadata reports, from the first bytes only, whether script data is
// onMetaData, with or without the @setDataFrame prefix.
func IsMetadata(data []byte) bool {
	data, _ = StripSetDataFrame(data)
	return len(data) >= len(onMetaDataPrefix) && string(data[:len(onMetaDataPrefix)]) == string(onMetaDataPrefix)
}

// VideoCodecFromMetadata interprets an onMetaData videocodecid value: a
// Number holding a legacy CodecID (7 = H.264) or an Enhanced RTMP FourCC
// (1635135537 = av01), or a String FourCC ("avc1", sent by early OBS).
func VideoCodecFromMetadata(v any) Codec {
	switch v := v.(type) {
	case float64:
		if n, ok := metadataInt(v); ok {
			if n < 16 {
				return VideoCodecID(n).Codec()
			}
			return FourCC(n).Codec()
		}
	case string:
		return MakeFourCC(v).Codec()
	}
	return ""
}

// AudioCodecFromMetadata interprets an onMetaData audiocodecid value: a
// Number holding a legacy SoundFormat (10 = AAC) or an Enhanced RTMP FourCC
// (1332770163 = Opus), or a String FourCC ("mp4a").
func AudioCodecFromMetadata(v any) Codec {
	switch v := v.(type) {
	case float64:
		if n, ok := metadataInt(v); ok {
			if n < 16 {
				return SoundFormat(n).Codec()
			}
			return FourCC(n).Codec()
		}
	case string:
		return MakeFourCC(v).Codec()
	}
	return ""
}

func metadataInt(f float64) (uint32, bool) {
	if f < 0 || f > math.MaxUint32 || f != math.Trunc(f) {
		return 0, false
	}
	return uint32(f), true
}
