package loadgen

import (
	"context"
	"sync/atomic"
	"time"

	rtmp "github.com/rtmpkit/rtmp"
	"github.com/rtmpkit/rtmp/flv"
)

// publisher is one publishing connection of a synthetic stream, on
// rtmpkit's client (rtmp.Dial, ClientConn.Publish, Stream.WriteTag): a
// publisher sends, so the client's read queue costs nothing here, and the
// bench exercises the client under load.
type publisher struct {
	bytes   atomic.Int64 // media payload bytes written
	started atomic.Bool  // NetStream.Publish.Start received
	done    atomic.Bool  // run returned
	setup   time.Duration
	err     error
}

// run publishes synth to o.target until ctx is done; an error before that
// is a dropped connection.
func (p *publisher) run(ctx context.Context, o playOptions, synth *Synth) {
	defer p.done.Store(true)
	p.err = p.publish(ctx, o, synth)
	if ctx.Err() != nil {
		p.err = nil
	}
}

func (p *publisher) publish(ctx context.Context, o playOptions, synth *Synth) error {
	begin := time.Now()
	setupCtx, cancel := context.WithTimeout(ctx, o.setupLimit)
	defer cancel()
	c, err := rtmp.Dial(setupCtx, o.target.URL(), nil)
	if err != nil {
		return err
	}
	defer c.Close()
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	s, err := c.Publish(setupCtx, o.target.Stream, "live")
	if err != nil {
		return err
	}
	p.setup = time.Since(begin)
	p.started.Store(true)

	md, err := synth.metadataScript()
	if err != nil {
		return err
	}
	write := func(t flv.Tag) error {
		p.bytes.Add(int64(len(t.Data)))
		return s.WriteTag(t)
	}
	if err := write(flv.Tag{Type: flv.TagScript, Data: md}); err != nil {
		return err
	}
	for _, t := range synth.SequenceHeaders() {
		if err := write(t); err != nil {
			return err
		}
	}
	cur := synth.Cursor()
	start := time.Now()
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		t := cur.Next()
		if wait := time.Until(start.Add(time.Duration(t.Timestamp) * time.Millisecond)); wait > 0 {
			timer.Reset(wait)
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-c.Done():
				return c.Err()
			case <-timer.C:
			}
		}
		if err := write(t); err != nil {
			return err
		}
	}
}
