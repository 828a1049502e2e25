package loadgen

import (
	"errors"
	"math"
	"time"

	"github.com/rtmpkit/rtmp/flv"
)

// SynthConfig describes a synthetic stream. Zero fields take the defaults
// below.
type SynthConfig struct {
	// Bitrate is the total media bitrate in bits per second, audio included
	// (default DefaultSynthBitrate).
	Bitrate int
	// AudioBitrate is the part of Bitrate given to audio (default
	// DefaultSynthAudioBitrate, capped at half of Bitrate).
	AudioBitrate int
	// FPS is the video frame rate (default DefaultSynthFPS).
	FPS float64
	// GOP is the keyframe interval (default DefaultSynthGOP).
	GOP time.Duration
	// KeyframeShare is the fraction of a GOP's video bytes spent on its
	// keyframe (default DefaultSynthKeyframeShare).
	KeyframeShare float64
}

// SynthConfig defaults.
const (
	DefaultSynthBitrate       = 2_500_000
	DefaultSynthAudioBitrate  = 128_000
	DefaultSynthFPS           = 30
	DefaultSynthGOP           = 2 * time.Second
	DefaultSynthKeyframeShare = 0.2
)

// ErrSynthConfig is returned by NewSynth for a negative or impossible field.
var ErrSynthConfig = errors.New("loadgen: invalid synthetic stream configuration")

// Synth is a synthetic H.264 + AAC stream, laid out once: every tag body is
// built by NewSynth and shared (read-only) by every SynthCursor, so
// publishing it costs no allocation per tag.
type Synth struct {
	cfg      SynthConfig
	metadata flv.Metadata
	videoSeq []byte
	audioSeq []byte
	idr      [2][]byte                    // alternating idr_pic_id
	p        [1 << log2MaxFrameNum][]byte // by frame_num
	audio    []byte
	gopLen   int // frames per GOP
}

// NewSynth builds the stream cfg describes.
func NewSynth(cfg SynthConfig) (*Synth, error) {
	if cfg.Bitrate < 0 || cfg.AudioBitrate < 0 || cfg.FPS < 0 || cfg.GOP < 0 || cfg.KeyframeShare < 0 || cfg.KeyframeShare >= 1 {
		return nil, ErrSynthConfig
	}
	if cfg.Bitrate == 0 {
		cfg.Bitrate = DefaultSynthBitrate
	}
	if cfg.AudioBitrate == 0 {
		cfg.AudioBitrate = DefaultSynthAudioBitrate
	}
	cfg.AudioBitrate = min(cfg.AudioBitrate, cfg.Bitrate/2)
	if cfg.FPS == 0 {
		cfg.FPS = DefaultSynthFPS
	}
	if cfg.GOP == 0 {
		cfg.GOP = DefaultSynthGOP
	}
	if cfg.KeyframeShare == 0 {
		cfg.KeyframeShare = DefaultSynthKeyframeShare
	}
	s := &Synth{cfg: cfg}
	s.gopLen = max(1, int(math.Round(cfg.GOP.Seconds()*cfg.FPS)))

	videoBits := float64(cfg.Bitrate - cfg.AudioBitrate)
	gopBytes := videoBits / 8 * float64(s.gopLen) / cfg.FPS
	keySize := int(gopBytes * cfg.KeyframeShare)
	pSize := 0
	if s.gopLen > 1 {
		pSize = int((gopBytes - float64(keySize)) / float64(s.gopLen-1))
	} else {
		keySize = int(gopBytes)
	}

	sps, pps := h264SPS(), h264PPS()
	s.videoSeq = append([]byte{flvAVCKey, 0, 0, 0, 0}, avcConfig(sps, pps)...)
	for i := range s.idr {
		s.idr[i] = avcTag(flvAVCKey, 1, keySize, h264IDR(uint64(i), 0x80))
	}
	for i := range s.p {
		s.p[i] = avcTag(flvAVCInter, 1, pSize, h264P(uint64(i)))
	}
	s.audioSeq = append([]byte{flvAACHeader, 0}, aacConfig...)
	framesPerSec := float64(aacSampleRate) / aacSamplesPerFrame
	audioSize := int(float64(cfg.AudioBitrate)/8/framesPerSec) - 2
	s.audio = append([]byte{flvAACHeader, 1}, aacSilentFrame(max(audioSize, 4))...)

	s.metadata = flv.Metadata{
		{Key: "width", Value: float64(h264WidthMBs * 16)},
		{Key: "height", Value: float64(h264HeightMBs * 16)},
		{Key: "framerate", Value: cfg.FPS},
		{Key: "videocodecid", Value: 7.0},
		{Key: "videodatarate", Value: videoBits / 1000},
		{Key: "audiocodecid", Value: 10.0},
		{Key: "audiodatarate", Value: float64(cfg.AudioBitrate) / 1000},
		{Key: "audiosamplerate", Value: float64(aacSampleRate)},
		{Key: "audiosamplesize", Value: 16.0},
		{Key: "stereo", Value: false},
		{Key: "encoder", Value: "rtmpkit loadgen"},
	}
	return s, nil
}

// Config returns the configuration with defaults applied.
func (s *Synth) Config() SynthConfig { return s.cfg }

// Metadata returns the stream's onMetaData values.
func (s *Synth) Metadata() flv.Metadata { return s.metadata }

// SequenceHeaders returns the AVC and AAC sequence header tags (timestamp 0),
// which precede the media.
func (s *Synth) SequenceHeaders() []flv.Tag {
	return []flv.Tag{
		{Type: flv.TagVideo, Data: s.videoSeq},
		{Type: flv.TagAudio, Data: s.audioSeq},
	}
}

// Cursor returns a new position at the start of the media.
func (s *Synth) Cursor() *SynthCursor { return &SynthCursor{s: s} }

// SynthCursor walks a Synth's media tags in timestamp order; it is not safe
// for concurrent use, but many cursors may share one Synth.
type SynthCursor struct {
	s     *Synth
	video int // next video frame number
	audio int // next audio frame number
}

// Next returns the next media tag. Its Data is shared and must not be
// modified. Audio goes first when audio and video share a timestamp.
func (c *SynthCursor) Next() flv.Tag {
	vts := uint32(math.Round(float64(c.video) * 1000 / c.s.cfg.FPS))
	ats := uint32(math.Round(float64(c.audio) * aacSamplesPerFrame * 1000 / aacSampleRate))
	if ats <= vts {
		c.audio++
		return flv.Tag{Type: flv.TagAudio, Timestamp: ats, Data: c.s.audio}
	}
	n := c.video
	c.video++
	i := n % c.s.gopLen
	if i == 0 {
		return flv.Tag{Type: flv.TagVideo, Timestamp: vts, Data: c.s.idr[(n/c.s.gopLen)%2]}
	}
	return flv.Tag{Type: flv.TagVideo, Timestamp: vts, Data: c.s.p[i%len(c.s.p)]}
}

// metadataScript returns the onMetaData script tag body (for FLV files; an
// RTMP publisher sends it wrapped in @setDataFrame).
func (s *Synth) metadataScript() ([]byte, error) {
	return flv.AppendScript(nil, "onMetaData", s.metadata)
}
