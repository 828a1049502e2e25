package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/flv"
)

// probeFlags holds the probe command's flags.
type probeFlags struct {
	client  clientFlags
	json    bool
	seconds time.Duration
	live    bool
}

// probeReport is what probe prints (as text, or as JSON with --json).
type probeReport struct {
	URL            string          `json:"url"`
	Handshake      string          `json:"handshake"`
	ServerVersion  string          `json:"server_version,omitempty"` // S1 version field
	FMSVer         string          `json:"fms_ver,omitempty"`
	Capabilities   float64         `json:"capabilities"`
	ObjectEncoding float64         `json:"object_encoding"`
	ConnectStatus  string          `json:"connect_status"`
	Properties     json.RawMessage `json:"properties,omitempty"`
	Stream         *streamReport   `json:"stream,omitempty"`
}

// streamReport describes the stream of the URL's play path.
type streamReport struct {
	Name      string          `json:"name"`
	Metadata  json.RawMessage `json:"metadata,omitempty"`
	Video     *videoInfo      `json:"video,omitempty"`
	Audio     *audioInfo      `json:"audio,omitempty"`
	Measured  float64         `json:"measured_seconds"`
	VideoKbps float64         `json:"video_kbps"`
	AudioKbps float64         `json:"audio_kbps"`
	TotalKbps float64         `json:"total_kbps"`
	Tags      int             `json:"tags"`
	Keyframes int             `json:"keyframes"`
}

func newProbeCmd() *cobra.Command {
	var f probeFlags
	cmd := &cobra.Command{
		Use:   "probe URL",
		Short: "Describe a server and a stream",
		Long: `Connect to URL and print what the server is (handshake kind, the version in
its handshake, fmsVer, capabilities) and, when the URL names a stream, play it
for --seconds of media and print its metadata, its codecs from the sequence
headers (codec, profile, level, resolution, frame rate, sample rate,
channels) and the bitrate of each track over that time:

  rtmpkit probe rtmp://localhost/live/cam1
  rtmpkit probe --json rtmp://localhost/live/cam1

` + urlHelp + `

` + exitCodesHelp,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			rep, err := runProbe(ctx, &f, args[0])
			if rep != nil {
				if perr := printProbe(cmd.OutOrStdout(), rep, f.json); err == nil {
					err = perr
				}
			}
			return err
		},
	}
	fs := cmd.Flags()
	f.client.register(fs)
	fs.BoolVar(&f.json, "json", false, "print JSON instead of text")
	fs.DurationVar(&f.seconds, "seconds", 3*time.Second, "how much media to measure the bitrate over")
	fs.BoolVar(&f.live, "live", false, "play live only (start -1000, FCSubscribe)")
	cmd.SetFlagErrorFunc(flagError)
	return cmd
}

// runProbe connects and, when the URL has a play path, samples the stream.
// A report is returned whenever the connection succeeded, even if playing
// failed.
func runProbe(ctx context.Context, f *probeFlags, rawurl string) (*probeReport, error) {
	c, err := f.client.dial(ctx, rawurl, func(cfg *rtmp.ClientConfig) {
		if f.client.fs.Changed("live") {
			cfg.Live = f.live
		}
	})
	if err != nil {
		return nil, err
	}
	defer c.Close()
	rep := &probeReport{URL: c.URL().String()}
	if hr := c.HandshakeResult(); hr != nil {
		rep.Handshake = hr.Kind.String()
		v := hr.PeerVersion
		if v != [4]byte{} {
			rep.ServerVersion = fmt.Sprintf("%d.%d.%d.%d", v[0], v[1], v[2], v[3])
		}
	}
	if ci := c.ConnectInfo(); ci != nil {
		rep.FMSVer, rep.Capabilities, rep.ObjectEncoding = ci.FMSVer, ci.Capabilities, ci.ObjectEncoding
		rep.ConnectStatus = ci.Status.Code
		if ci.Properties != nil {
			rep.Properties, _ = amfToJSON(ci.Properties)
		}
	}
	_, cfg, _ := f.client.config(rawurl)
	name := c.URL().PlayPath
	if cfg.PlayPath != "" {
		name = cfg.PlayPath
	}
	if name == "" {
		return rep, nil
	}
	cctx, cancel := f.client.commandContext(ctx)
	st, err := c.PlayURL(cctx)
	cancel()
	if err != nil {
		return rep, fmt.Errorf("play %s refused: %w", name, err)
	}
	defer st.Close()
	sr := &streamReport{Name: name}
	rep.Stream = sr
	err = sampleStream(ctx, st, sr, f.seconds, f.seconds+f.client.timeout)
	return rep, err
}

// sampleStream reads st until span of media has arrived (or the stream
// ends, or limit of wall-clock time passes) and fills sr.
func sampleStream(ctx context.Context, st *rtmp.Stream, sr *streamReport, span, limit time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	var first, last int64 = -1, -1
	var vBytes, aBytes int64
	for {
		tag, err := st.ReadTagContext(ctx)
		if err != nil {
			if err == io.EOF || (errors.Is(err, context.DeadlineExceeded) && first >= 0) {
				break
			}
			if errors.Is(err, context.DeadlineExceeded) {
				return withCode(exitTimeout, fmt.Errorf("no media from %s within %v", sr.Name, limit))
			}
			if errors.Is(err, context.Canceled) {
				break
			}
			return fmt.Errorf("play %s: %w", sr.Name, err)
		}
		sr.Tags++
		switch tag.Type {
		case flv.TagScript:
			if md, err := flv.ParseMetadata(tag.Data); err == nil && sr.Metadata == nil {
				sr.Metadata, _ = amfToJSON(md)
			}
			continue
		case flv.TagVideo:
			if tag.IsSequenceHeader() && sr.Video == nil {
				sr.Video = describeVideo(tag.Data)
			} else if tag.IsKeyframe() {
				sr.Keyframes++
			}
			vBytes += int64(len(tag.Data))
		case flv.TagAudio:
			if sr.Audio == nil && (tag.IsSequenceHeader() || flv.AudioCodecOf(tag.Data) != flv.CodecAAC) {
				sr.Audio = describeAudio(tag.Data)
			}
			aBytes += int64(len(tag.Data))
		}
		ts := int64(tag.Timestamp)
		if first < 0 {
			first = ts
		}
		last = max(last, ts)
		if time.Duration(last-first)*time.Millisecond >= span {
			break
		}
	}
	if first >= 0 && last > first {
		secs := float64(last-first) / 1000
		sr.Measured = secs
		sr.VideoKbps = float64(vBytes) * 8 / secs / 1000
		sr.AudioKbps = float64(aBytes) * 8 / secs / 1000
		sr.TotalKbps = sr.VideoKbps + sr.AudioKbps
	}
	return nil
}

// printProbe writes rep as text or JSON.
func printProbe(w io.Writer, rep *probeReport, asJSON bool) error {
	if asJSON {
		b, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "%s\n", b)
		return err
	}
	p := func(format string, a ...any) { fmt.Fprintf(w, format+"\n", a...) }
	p("url:             %s", rep.URL)
	p("handshake:       %s", rep.Handshake)
	if rep.ServerVersion != "" {
		p("server version:  %s", rep.ServerVersion)
	}
	p("fmsVer:          %s", rep.FMSVer)
	p("capabilities:    %g", rep.Capabilities)
	p("objectEncoding:  %g", rep.ObjectEncoding)
	p("connect:         %s", rep.ConnectStatus)
	sr := rep.Stream
	if sr == nil {
		return nil
	}
	p("stream:          %s", sr.Name)
	if sr.Video != nil {
		p("video:           %s", sr.Video.text())
	}
	if sr.Audio != nil {
		p("audio:           %s", sr.Audio.text())
	}
	p("bitrate:         %.0f kb/s (video %.0f, audio %.0f) over %.1f s, %d tags, %d keyframes",
		sr.TotalKbps, sr.VideoKbps, sr.AudioKbps, sr.Measured, sr.Tags, sr.Keyframes)
	if sr.Metadata != nil {
		var b bytes.Buffer
		if json.Compact(&b, sr.Metadata) == nil {
			p("metadata:        %s", b.String())
		}
	}
	return nil
}

// text is the one-line description of a video track.
func (v *videoInfo) text() string {
	s := v.Codec
	if v.Profile != "" {
		s += " " + v.Profile
	}
	if v.Level != "" {
		s += " level " + v.Level
	}
	if v.Width > 0 {
		s += fmt.Sprintf(", %dx%d", v.Width, v.Height)
	}
	if v.FPS > 0 {
		s += fmt.Sprintf(", %.3g fps", v.FPS)
	}
	if v.Error != "" {
		s += " (" + v.Error + ")"
	}
	return s
}

// text is the one-line description of an audio track.
func (a *audioInfo) text() string {
	s := a.Codec
	if a.Profile != "" {
		s += " " + a.Profile
	}
	if a.SampleRate > 0 {
		s += fmt.Sprintf(", %d Hz", a.SampleRate)
	}
	if a.Channels > 0 {
		s += fmt.Sprintf(", %d channels", a.Channels)
	}
	if a.Error != "" {
		s += " (" + a.Error + ")"
	}
	return s
}
