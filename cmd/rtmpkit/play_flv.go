package main

import (
	"bufio"
	"io"
	"os"
	"time"

	"github.com/rtmpkit/rtmp/flv"
	"github.com/rtmpkit/rtmp/message"
)

// flvOut writes the tags a play receives as an FLV file: the header once the
// first tag tells which tracks there are, timestamps rebased to start at 0,
// video held back until its first keyframe, and a stop once duration of
// media has been written.
type flvOut struct {
	dst      io.Writer
	buf      *bufio.Writer // nil when every tag goes straight to dst (stdout)
	w        *flv.Writer
	prog     *progress
	duration time.Duration

	started  bool  // an audio or video tag has been written
	base     int64 // timestamp of the first audio or video tag
	keyframe bool  // a video keyframe has been written
}

// newFLVOut returns an flvOut writing to dst. Files are buffered; other
// writers (stdout into a player) get every tag at once.
func newFLVOut(dst io.Writer, prog *progress, duration time.Duration) *flvOut {
	o := &flvOut{dst: dst, prog: prog, duration: duration}
	if f, ok := dst.(*os.File); ok && f != os.Stdout {
		o.buf = bufio.NewWriterSize(dst, 256<<10)
	}
	return o
}

// writer returns where the flv.Writer writes.
func (o *flvOut) writer() io.Writer {
	if o.buf != nil {
		return o.buf
	}
	return o.dst
}

// write writes tag, or drops it (video before the first keyframe). done
// reports that the duration has been reached and tag was not written.
func (o *flvOut) write(tag flv.Tag) (done bool, err error) {
	if o.w == nil {
		audio, video := tracksOf(tag)
		o.w = flv.NewWriter(o.writer(), flv.DefaultHeader(audio, video))
		if err := o.w.WriteHeader(); err != nil {
			return false, withCode(exitIO, err)
		}
	}
	if tag.Type == flv.TagVideo && !o.keyframe {
		if !tag.IsKeyframe() && !tag.IsSequenceHeader() {
			o.prog.drop()
			return false, nil
		}
		if tag.IsKeyframe() && !tag.IsSequenceHeader() {
			o.keyframe = true
		}
	}
	ts := int64(tag.Timestamp)
	if tag.Type == flv.TagAudio || tag.Type == flv.TagVideo {
		if !o.started {
			o.started, o.base = true, ts
		}
		if o.duration > 0 && time.Duration(ts-o.base)*time.Millisecond >= o.duration {
			return true, nil
		}
	}
	rel := max(ts-o.base, 0)
	if !o.started {
		rel = 0
	}
	tag.Timestamp = uint32(rel)
	if err := o.w.WriteTag(tag); err != nil {
		return false, withCode(exitIO, err)
	}
	o.prog.add(len(tag.Data), rel)
	return false, nil
}

// flush writes out what is buffered; a play that received nothing still
// leaves a valid (empty) FLV file.
func (o *flvOut) flush() error {
	if o.w == nil {
		o.w = flv.NewWriter(o.writer(), flv.DefaultHeader(true, true))
		if err := o.w.WriteHeader(); err != nil {
			return err
		}
	}
	if o.buf != nil {
		return o.buf.Flush()
	}
	return nil
}

// tracksOf guesses the header's audio and video flags from the first tag:
// onMetaData tells with its audiocodecid/videocodecid (or hasAudio/hasVideo)
// properties; anything else announces both tracks.
func tracksOf(first flv.Tag) (audio, video bool) {
	if first.Type != flv.TagScript {
		return true, true
	}
	md, err := flv.ParseMetadata(first.Data)
	if err != nil {
		return true, true
	}
	_, ac := message.Property(md, "audiocodecid")
	_, vc := message.Property(md, "videocodecid")
	if ha, ok := message.Property(md, "hasAudio"); ok {
		b, _ := ha.(bool)
		ac = ac || b
	}
	if hv, ok := message.Property(md, "hasVideo"); ok {
		b, _ := hv.(bool)
		vc = vc || b
	}
	if !ac && !vc {
		return true, true
	}
	return ac, vc
}
