package flv_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/rtmpkit/rtmp/flv"
)

// Reading an FLV file tag by tag. Next reuses one buffer, so tag.Data is
// valid until the following call; use ReadTag to keep tags.
func ExampleReader() {
	f, err := os.Open("testdata/testsrc_av1_opus.flv")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()

	r := flv.NewReader(bufio.NewReader(f), flv.Limits{})
	h, err := r.Header()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("audio=%v video=%v\n", h.Audio, h.Video)

	counts := map[flv.TagType]int{}
	var keyframes int
	var codecs []flv.Codec
	for {
		tag, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			log.Fatal(err)
		}
		counts[tag.Type]++
		if tag.IsKeyframe() && !tag.IsSequenceHeader() && tag.Type == flv.TagVideo {
			keyframes++
		}
		if tag.IsSequenceHeader() {
			codecs = append(codecs, tag.Codec())
		}
	}
	fmt.Println("script:", counts[flv.TagScript], "video:", counts[flv.TagVideo], "audio:", counts[flv.TagAudio])
	fmt.Println("keyframes:", keyframes, "sequence headers:", codecs)
	// Output:
	// audio=true video=true
	// script: 1 video: 303 audio: 503
	// keyframes: 1 sequence headers: [AV1 Opus AV1]
}

// Parsing a video tag body (the payload of an RTMP video message): here an
// Enhanced RTMP HEVC frame with a negative composition time.
func ExampleParseVideo() {
	body := []byte{0x91, 'h', 'v', 'c', '1', 0xff, 0xff, 0xde, 0x00, 0x00, 0x00, 0x02, 0x26, 0x01}
	v, err := flv.ParseVideo(body)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("enhanced:", v.Enhanced, "keyframe:", v.IsKeyframe(), "codec:", v.Codec())
	fmt.Println("packet:", v.PacketType, "fourcc:", v.FourCC, "cts:", v.CompositionTime)
	fmt.Printf("payload: % x\n", v.Data)

	// Building it back gives the same bytes.
	out, err := flv.AppendVideo(nil, &v)
	fmt.Println("identical:", bytes.Equal(out, body), err)
	// Output:
	// enhanced: true keyframe: true codec: H265
	// packet: CodedFrames fourcc: hvc1 cts: -34
	// payload: 00 00 00 02 26 01
	// identical: true <nil>
}

// Building a legacy AVC sequence header and an AAC frame.
func ExampleAppendVideo() {
	seq, _ := flv.AppendVideo(nil, &flv.VideoTag{
		FrameType: flv.FrameKey, CodecID: flv.VideoCodecAVC,
		AVCPacketType: flv.AVCSequenceHeader, Data: []byte{0x01, 0x64, 0x00, 0x1f},
	})
	aac, _ := flv.AppendAudio(nil, &flv.AudioTag{
		SoundFormat: flv.SoundAAC, SoundRate: flv.SoundRate44k, SoundSize: 1, SoundType: 1,
		AACPacketType: flv.AACRaw, Data: []byte{0x21, 0x10},
	})
	fmt.Printf("% x\n% x\n", seq, aac)
	// Output:
	// 17 00 00 00 00 01 64 00 1f
	// af 01 21 10
}

// Writing an FLV file (here into memory).
func ExampleWriter() {
	var buf bytes.Buffer
	w := flv.NewWriter(&buf, flv.DefaultHeader(true, true))
	md, _ := flv.AppendMetadata(nil, nil)
	for _, t := range []flv.Tag{
		{Type: flv.TagScript, Data: md},
		{Type: flv.TagVideo, Timestamp: 0, Data: []byte{0x17, 0x00, 0x00, 0x00, 0x00}},
	} {
		if err := w.WriteTag(t); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Println(buf.Len(), "bytes")
	// Output:
	// 69 bytes
}

// A publisher's @setDataFrame message becomes the onMetaData body a server
// caches, forwards to players and records.
func ExampleStripSetDataFrame() {
	var md flv.Metadata
	md.Set("width", 1280.0)
	md.Set("videocodecid", float64(flv.FourCCAV1))
	fromPublisher, _ := flv.AppendSetDataFrame(nil, md)

	body, ok := flv.StripSetDataFrame(fromPublisher)
	parsed, _ := flv.ParseMetadata(body)
	w, _ := parsed.Get("width")
	c, _ := parsed.Get("videocodecid")
	fmt.Println(ok, w, flv.VideoCodecFromMetadata(c))
	// Output:
	// true 1280 AV1
}
