package hub

import (
	"encoding/binary"
	"testing"

	"github.com/rtmpkit/rtmp/flv"
)

// FuzzHub drives a small hub with an arbitrary program: each step is an
// opcode byte, then for writes a tag type, a 16-bit signed timestamp step
// and a length-prefixed body taken from the input. It checks that nothing
// panics, that every subscriber's timestamps are monotonic and that queues
// stay within their hard caps, whatever the publisher sends.
func FuzzHub(f *testing.F) {
	f.Add([]byte("9AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))
	f.Add([]byte{0, 9, 0, 0, 5, 0x17, 0, 0, 0, 0, 0, 9, 0, 33, 3, 0x27, 1, 0, 3, 4})
	f.Add([]byte{3, 0, 9, 0, 0, 3, 0x17, 1, 0, 0, 8, 0xff, 0x00, 2, 0xaf, 1, 1, 2})
	f.Add([]byte{0, 18, 0, 0, 13, 2, 0, 10, 'o', 'n', 'M', 'e', 't', 'a', 'D', 'a', 't', 'a', 3, 5, 0, 9, 0x80, 0, 6, 0x86, 0x10, 'v', 'p', '0', '9'})
	f.Add([]byte{0, 9, 0x7f, 0xff, 1, 0x17, 0, 9, 0x80, 0, 1, 0x17, 6, 4, 0, 9, 0, 1, 1, 0x27})
	f.Fuzz(func(t *testing.T, prog []byte) {
		h := New(Config{Replace: true, QueueMaxBytes: 64, QueueMaxTags: 8, QueueMaxDuration: 100e6, EvictAfter: 300e6, GOPMaxTags: 6, GOPMaxBytes: 200})
		defer h.Close()
		type subState struct {
			s       *Subscriber
			last    uint32
			started bool
		}
		var subs []*subState
		p, _ := h.Publish(k1)
		ts := uint32(0)
		check := func(st *subState) {
			items := st.s.Drain(nil)
			if len(items) > 8+6+maxHeaders+1+1 {
				t.Fatalf("drained %d items: hard caps not enforced", len(items))
			}
			for _, it := range items {
				if st.started && int32(it.Tag.Timestamp-st.last) < 0 {
					t.Fatalf("timestamp went back from %d to %d", st.last, it.Tag.Timestamp)
				}
				st.last, st.started = it.Tag.Timestamp, true
			}
		}
		for len(prog) > 0 {
			op := prog[0] % 6
			prog = prog[1:]
			switch op {
			case 0, 1, 2: // write a tag
				if len(prog) < 4 {
					return
				}
				typ := flv.TagType(prog[0])
				ts += uint32(int32(int16(binary.BigEndian.Uint16(prog[1:]))))
				n := min(int(prog[3]), len(prog)-4)
				body := append([]byte(nil), prog[4:4+n]...)
				prog = prog[4+n:]
				if p != nil {
					_ = p.Write(flv.Tag{Type: typ, Timestamp: ts, Data: body})
				}
			case 3: // subscribe
				if len(subs) < 4 {
					if s, err := h.Subscribe(k1); err == nil {
						subs = append(subs, &subState{s: s})
					}
				}
			case 4: // drain one
				if len(subs) > 0 && len(prog) > 0 {
					check(subs[int(prog[0])%len(subs)])
					prog = prog[1:]
				}
			case 5: // unpublish / publish
				if p != nil {
					p.Close()
					p = nil
				} else {
					p, _ = h.Publish(k1)
				}
			}
		}
		for _, st := range subs {
			check(st)
			st.s.Close()
		}
		// Classification of any body must be safe on its own too.
		for _, typ := range []flv.TagType{flv.TagAudio, flv.TagVideo, flv.TagScript, flv.TagScriptAMF3} {
			c, out := classify(flv.Tag{Type: typ, Data: prog})
			_ = trackKey(c, out.Data)
		}
	})
}
