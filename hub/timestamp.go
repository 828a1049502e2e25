package hub

// This file holds the two timestamp transforms of the hub:
//
//   - extender turns a publisher's 32-bit wrapping timestamps into a 64-bit
//     stream time that starts at 0 for each publishing session;
//   - stamper maps stream time to one subscriber's delivered timestamps,
//     which start at 0 on the first tag it receives, never go backwards and
//     continue across publishing sessions.

// extender extends 32-bit publisher timestamps.
type extender struct {
	started bool
	last    uint32 // last input timestamp
	t       int64  // stream time of the last input, ms
}

// next returns the stream time of a tag with timestamp ts. The step from the
// previous tag is the signed 32-bit difference, which makes the 2^32 wrap
// invisible. Small backwards steps are kept (subscribers clamp them); a
// backwards step larger than MaxBackwardJump is a clock restart and the
// stream time stays where it was.
func (e *extender) next(ts uint32) int64 {
	if !e.started {
		e.started, e.last, e.t = true, ts, 0
		return 0
	}
	d := int64(int32(ts - e.last))
	e.last = ts
	if d < -MaxBackwardJump.Milliseconds() {
		d = 0
	}
	e.t += d
	return e.t
}

// stamper holds one subscriber's timestamp mapping.
type stamper struct {
	rebase bool  // the next delivered tag sets base
	base   int64 // stream time delivered as 0 (offset by the previous session)
	last   int64 // last delivered timestamp
}

// at returns the timestamp a tag at stream time st would be delivered with
// and the base that implies; commit records them when the tag is queued.
func (s *stamper) at(st int64) (out, base int64) {
	base = s.base
	if s.rebase {
		base = st - s.last
	}
	out = st - base
	if out < s.last {
		out = s.last
	}
	return out, base
}

func (s *stamper) commit(out, base int64) {
	s.base, s.last, s.rebase = base, out, false
}
