package hub

import (
	"testing"

	"github.com/rtmpkit/rtmp/flv"
)

func TestClassify(t *testing.T) {
	metaBody := "\x02\x00\x0aonMetaData\x08\x00\x00\x00\x00\x00\x00\x09"
	tests := []struct {
		name     string
		typ      flv.TagType
		data     string
		want     class
		wantData string // after classification; "" = unchanged
		wantType flv.TagType
		slot     int
	}{
		{"AVC sequence header", flv.TagVideo, "\x17\x00\x00\x00\x00\x01", classVideoHeader, "", 0, 0},
		{"AVC keyframe", flv.TagVideo, "\x17\x01\x00\x00\x00", classKeyframe, "", 0, 0},
		{"AVC inter", flv.TagVideo, "\x27\x01\x00\x00\x00", classVideo, "", 0, 0},
		{"AVC end of sequence", flv.TagVideo, "\x17\x02\x00\x00\x00", classVideoControl, "", 0, 0},
		{"legacy HEVC header", flv.TagVideo, "\x1c\x00\x00\x00\x00", classVideoHeader, "", 0, 0},
		{"legacy command frame", flv.TagVideo, "\x57\x00", classVideoControl, "", 0, 0},
		{"H.263 keyframe", flv.TagVideo, "\x12\x00", classKeyframe, "", 0, 0},
		{"empty video", flv.TagVideo, "", classVideo, "", 0, 0},
		{"E-RTMP av01 SequenceStart", flv.TagVideo, "\x90av01\x81", classVideoHeader, "", 0, 0},
		{"E-RTMP SequenceStart FrameType 0", flv.TagVideo, "\x80av01\x81", classVideoHeader, "", 0, 0},
		{"E-RTMP hvc1 key CodedFrames", flv.TagVideo, "\x91hvc1\x00\x00\x00", classKeyframe, "", 0, 0},
		{"E-RTMP inter CodedFramesX", flv.TagVideo, "\xa3hvc1", classVideo, "", 0, 0},
		{"E-RTMP SequenceEnd", flv.TagVideo, "\x92av01", classVideoControl, "", 0, 0},
		{"E-RTMP colorInfo", flv.TagVideo, "\xd4av01\x02\x00\x09colorInfo\x03", classVideoMeta, "", 0, 2048},
		{"E-RTMP command", flv.TagVideo, "\xd1av01\x00", classVideoControl, "", 0, 0},
		{"E-RTMP multitrack key", flv.TagVideo, "\x96\x01vp09\x01\x00\x00\x01\xaa", classKeyframe, "", 0, 0},
		{"E-RTMP multitrack header track 2", flv.TagVideo, "\x86\x00vp09\x02\xaa", classVideoHeader, "", 0, 2},
		{"E-RTMP multitrack header 2 tracks", flv.TagVideo, "\x86\x10vp09\x01\x00\x00\x01\xaa\x03\x00\x00\x01\xbb", classVideoHeader, "", 0, 257},
		{"E-RTMP ModEx key frame", flv.TagVideo, "\x97\x02\x00\x00\x01\x01hvc1\x00\x00\x00", classKeyframe, "", 0, 0},
		{"AAC header", flv.TagAudio, "\xaf\x00\x12\x10", classAudioHeader, "", 0, 0},
		{"AAC frame", flv.TagAudio, "\xaf\x01\x21", classAudio, "", 0, 0},
		{"MP3", flv.TagAudio, "\x2f\xff", classAudio, "", 0, 0},
		{"silence", flv.TagAudio, "", classAudio, "", 0, 0},
		{"E-RTMP Opus SequenceStart", flv.TagAudio, "\x90OpusOpusHead", classAudioHeader, "", 0, 0},
		{"E-RTMP MultichannelConfig", flv.TagAudio, "\x94Opus\x01\x02\x00\x00\x00\x03", classAudioConfig, "", 0, 1024},
		{"E-RTMP multitrack audio header track 1", flv.TagAudio, "\x95\x00ac-3\x01", classAudioHeader, "", 0, 1},
		{"onMetaData", flv.TagScript, metaBody, classMetadata, "", 0, 0},
		{"@setDataFrame onMetaData", flv.TagScript, "\x02\x00\x0d@setDataFrame" + metaBody, classMetadata, metaBody, flv.TagScript, 0},
		{"AMF3 @setDataFrame", flv.TagScriptAMF3, "\x00\x02\x00\x0d@setDataFrame" + metaBody, classMetadata, metaBody, flv.TagScript, 0},
		{"AMF3 onMetaData", flv.TagScriptAMF3, "\x00" + metaBody, classMetadata, "", 0, 0},
		{"@clearDataFrame", flv.TagScript, "\x02\x00\x0f@clearDataFrame\x02\x00\x0aonMetaData", classClearMetadata, "", 0, 0},
		{"onCuePoint", flv.TagScript, "\x02\x00\x0aonCuePoint\x05", classOther, "", 0, 0},
		{"onMetaDataX is not metadata", flv.TagScript, "\x02\x00\x0bonMetaDataX", classOther, "", 0, 0},
		{"aggregate", 22, "\x09", classOther, "", 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := flv.Tag{Type: tc.typ, Timestamp: 7, Data: []byte(tc.data)}
			c, out := classify(in)
			if c != tc.want {
				t.Fatalf("class = %d, want %d", c, tc.want)
			}
			wantData, wantType := tc.data, tc.typ
			if tc.wantData != "" {
				wantData, wantType = tc.wantData, tc.wantType
			}
			if string(out.Data) != wantData || out.Type != wantType || out.Timestamp != 7 {
				t.Fatalf("tag = %v % x, want %v % x", out.Type, out.Data, wantType, wantData)
			}
			switch c {
			case classVideoHeader, classAudioHeader, classAudioConfig, classVideoMeta:
				if s := trackKey(c, out.Data); s != tc.slot {
					t.Fatalf("slot = %d, want %d", s, tc.slot)
				}
			}
		})
	}
}
