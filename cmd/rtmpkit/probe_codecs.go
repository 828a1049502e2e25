package main

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/bluenviron/mediacommon/v2/pkg/codecs/av1"
	"github.com/bluenviron/mediacommon/v2/pkg/codecs/h264"
	"github.com/bluenviron/mediacommon/v2/pkg/codecs/h265"
	"github.com/bluenviron/mediacommon/v2/pkg/codecs/mpeg4audio"

	"github.com/rtmpkit/rtmp/flv"
)

// videoInfo describes a video track from its sequence header.
type videoInfo struct {
	Codec   string  `json:"codec"`
	Profile string  `json:"profile,omitempty"`
	Level   string  `json:"level,omitempty"`
	Width   int     `json:"width,omitempty"`
	Height  int     `json:"height,omitempty"`
	FPS     float64 `json:"fps,omitempty"`
	Error   string  `json:"error,omitempty"` // why the configuration could not be read
}

// audioInfo describes an audio track from its sequence header (or, for
// codecs without one, the legacy tag header).
type audioInfo struct {
	Codec      string `json:"codec"`
	Profile    string `json:"profile,omitempty"`
	SampleRate int    `json:"sample_rate,omitempty"`
	Channels   int    `json:"channels,omitempty"`
	Error      string `json:"error,omitempty"`
}

var errShortConfig = errors.New("configuration record too short")

// describeVideo parses a video sequence header tag body.
func describeVideo(data []byte) *videoInfo {
	v, err := flv.ParseVideo(data)
	if err != nil {
		return &videoInfo{Codec: string(flv.VideoCodecOf(data)), Error: err.Error()}
	}
	info := &videoInfo{Codec: string(v.Codec())}
	switch v.Codec() {
	case flv.CodecH264:
		err = describeAVC(info, v.Data)
	case flv.CodecH265:
		err = describeHEVC(info, v.Data)
	case flv.CodecAV1:
		err = describeAV1(info, v.Data)
	}
	if err != nil {
		info.Error = err.Error()
	}
	return info
}

// describeAVC reads an AVCDecoderConfigurationRecord (ISO 14496-15 5.3.3)
// and its first SPS.
func describeAVC(info *videoInfo, rec []byte) error {
	if len(rec) < 8 {
		return errShortConfig
	}
	n := int(rec[5] & 0x1f)
	if n == 0 {
		return errors.New("no SPS in the AVC configuration")
	}
	size := int(binary.BigEndian.Uint16(rec[6:]))
	if len(rec) < 8+size {
		return errShortConfig
	}
	var sps h264.SPS
	if err := sps.Unmarshal(rec[8 : 8+size]); err != nil {
		return fmt.Errorf("H.264 SPS: %w", err)
	}
	info.Profile = h264ProfileName(sps)
	info.Level = fmt.Sprintf("%d.%d", sps.LevelIdc/10, sps.LevelIdc%10)
	info.Width, info.Height, info.FPS = sps.Width(), sps.Height(), sps.FPS()
	return nil
}

// h264ProfileName names profile_idc with its constraint flags.
func h264ProfileName(s h264.SPS) string {
	switch s.ProfileIdc {
	case 66:
		if s.ConstraintSet1Flag {
			return "Constrained Baseline"
		}
		return "Baseline"
	case 77:
		return "Main"
	case 88:
		return "Extended"
	case 100:
		return "High"
	case 110:
		return "High 10"
	case 122:
		return "High 4:2:2"
	case 244:
		return "High 4:4:4 Predictive"
	}
	return fmt.Sprintf("profile_idc %d", s.ProfileIdc)
}

// describeHEVC reads an HEVCDecoderConfigurationRecord (ISO 14496-15 8.3.3)
// and the first SPS of its arrays.
func describeHEVC(info *videoInfo, rec []byte) error {
	if len(rec) < 23 {
		return errShortConfig
	}
	arrays, p := int(rec[22]), 23
	for range arrays {
		if len(rec) < p+3 {
			return errShortConfig
		}
		typ, count := rec[p]&0x3f, int(binary.BigEndian.Uint16(rec[p+1:]))
		p += 3
		for range count {
			if len(rec) < p+2 {
				return errShortConfig
			}
			size := int(binary.BigEndian.Uint16(rec[p:]))
			p += 2
			if len(rec) < p+size {
				return errShortConfig
			}
			if typ == 33 {
				var sps h265.SPS
				if err := sps.Unmarshal(rec[p : p+size]); err != nil {
					return fmt.Errorf("H.265 SPS: %w", err)
				}
				info.Profile = h265ProfileName(sps.ProfileTierLevel.GeneralProfileIdc)
				l := int(sps.ProfileTierLevel.GeneralLevelIdc)
				info.Level = fmt.Sprintf("%d.%d", l/30, l%30/3)
				info.Width, info.Height, info.FPS = sps.Width(), sps.Height(), sps.FPS()
				return nil
			}
			p += size
		}
	}
	return errors.New("no SPS in the HEVC configuration")
}

func h265ProfileName(idc uint8) string {
	switch idc {
	case 1:
		return "Main"
	case 2:
		return "Main 10"
	case 3:
		return "Main Still Picture"
	case 4:
		return "Range Extensions"
	}
	return fmt.Sprintf("general_profile_idc %d", idc)
}

// describeAV1 reads an AV1CodecConfigurationRecord (4 bytes) and the
// sequence header OBU among its configOBUs.
func describeAV1(info *videoInfo, rec []byte) error {
	if len(rec) < 4 {
		return errShortConfig
	}
	obus := rec[4:]
	for len(obus) > 0 {
		hdr := obus[0]
		typ, ext, hasSize := (hdr>>3)&0x0f, hdr&0x04 != 0, hdr&0x02 != 0
		n := 1
		if ext {
			n++
		}
		end := len(obus)
		if hasSize {
			size, m, err := leb128(obus[min(n, len(obus)):])
			if err != nil {
				return err
			}
			end = n + m + int(size)
			if end > len(obus) || end < 0 {
				return errShortConfig
			}
		}
		if av1.OBUType(typ) == av1.OBUTypeSequenceHeader && !ext {
			var sh av1.SequenceHeader
			if err := sh.Unmarshal(obus[:end]); err != nil {
				return fmt.Errorf("AV1 sequence header: %w", err)
			}
			info.Profile = []string{"Main", "High", "Professional"}[min(int(sh.SeqProfile), 2)]
			if len(sh.SeqLevelIdx) > 0 {
				l := int(sh.SeqLevelIdx[0])
				info.Level = fmt.Sprintf("%d.%d", 2+l/4, l%4)
			}
			info.Width, info.Height = sh.Width(), sh.Height()
			return nil
		}
		obus = obus[end:]
	}
	return errors.New("no sequence header in the AV1 configuration")
}

// leb128 decodes an unsigned LEB128 (at most 8 bytes).
func leb128(b []byte) (uint64, int, error) {
	var v uint64
	for i := 0; i < 8 && i < len(b); i++ {
		v |= uint64(b[i]&0x7f) << (7 * i)
		if b[i]&0x80 == 0 {
			return v, i + 1, nil
		}
	}
	return 0, 0, errShortConfig
}

// describeAudio parses an audio tag body: the AudioSpecificConfig of an AAC
// sequence header, or the legacy header of other codecs.
func describeAudio(data []byte) *audioInfo {
	a, err := flv.ParseAudio(data)
	if err != nil {
		return &audioInfo{Codec: string(flv.AudioCodecOf(data)), Error: err.Error()}
	}
	info := &audioInfo{Codec: string(a.Codec())}
	if !a.Enhanced {
		info.SampleRate = a.SoundRate.Hz()
		info.Channels = int(a.SoundType) + 1
	}
	if a.Codec() == flv.CodecAAC && a.IsSequenceHeader() {
		var asc mpeg4audio.AudioSpecificConfig
		if err := asc.Unmarshal(a.Data); err != nil {
			info.Error = "AAC AudioSpecificConfig: " + err.Error()
			return info
		}
		info.Profile = aacProfileName(asc.Type)
		info.SampleRate, info.Channels = asc.SampleRate, asc.ChannelCount
		if asc.ExtensionSampleRate != 0 {
			info.SampleRate = asc.ExtensionSampleRate
		}
	}
	return info
}

func aacProfileName(t mpeg4audio.ObjectType) string {
	switch t {
	case 1:
		return "Main"
	case 2:
		return "LC"
	case 3:
		return "SSR"
	case 4:
		return "LTP"
	case 5:
		return "HE-AAC (SBR)"
	case 29:
		return "HE-AACv2 (PS)"
	}
	return fmt.Sprintf("object type %d", t)
}
