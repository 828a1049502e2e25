package hub

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/flv"
)

// TestConcurrentPublishersAndSubscribers runs publishers, replacing
// publishers, draining subscribers (some slow), churning subscribers and a
// stats reader at once; run it with -race.
func TestConcurrentPublishersAndSubscribers(t *testing.T) {
	h := New(Config{Replace: true, QueueMaxDuration: 200e6, EvictAfter: -1})
	const keys, subsPerKey, tagsPerPub = 4, 6, 3000
	tags, _, _ := stream30(tagsPerPub * 1000 / 70)
	var wg, pubs sync.WaitGroup
	type result struct {
		items     []got
		drained   uint64
		terminal  Kind
		afterTerm bool
	}
	results := make([][]*result, keys)
	for k := range keys {
		key := MakeKey("live", fmt.Sprint(k))
		for i := range subsPerKey {
			sub := mustSubscribe(t, h, key)
			r := &result{}
			results[k] = append(results[k], r)
			wg.Add(1)
			go func() {
				defer wg.Done()
				var buf []Item
				for range sub.Ready() {
					if i%3 == 0 {
						time.Sleep(50 * time.Microsecond) // a slow one
					}
					buf = sub.Drain(buf[:0])
					for _, it := range buf {
						if r.terminal != 0 {
							r.afterTerm = true
						}
						if it.Kind <= KindMetadata {
							r.drained++
						}
						if it.Kind.terminal() {
							r.terminal = it.Kind
						}
						r.items = append(r.items, got{kind: it.Kind, ts: it.Tag.Timestamp})
					}
					if r.terminal != 0 {
						return
					}
				}
			}()
		}
		pubs.Add(1)
		go func() { // the publisher; on key 0 it gets replaced midway
			defer pubs.Done()
			p := mustPublish(t, h, key)
			for _, tg := range tags {
				if err := p.Write(tg); err != nil {
					if !errors.Is(err, ErrReplaced) || k != 0 {
						t.Errorf("Write: %v", err)
					}
					return
				}
			}
			p.Close()
		}()
	}
	wg.Add(2)
	pubs.Add(1)
	go func() { // a replacing publisher on key 0
		defer pubs.Done()
		time.Sleep(2 * time.Millisecond)
		p := mustPublish(t, h, MakeKey("live", "0"))
		for _, tg := range tags[:500] {
			if err := p.Write(tg); err != nil {
				t.Errorf("replacing publisher Write: %v", err)
				return
			}
		}
		p.Close()
	}()
	go func() { // subscriber churn
		defer wg.Done()
		for i := range 300 {
			s, err := h.Subscribe(MakeKey("live", fmt.Sprint(i%keys)))
			if errors.Is(err, ErrHubClosed) {
				return
			}
			if err != nil {
				t.Error(err)
				return
			}
			s.Drain(nil)
			s.Close()
		}
	}()
	go func() { // stats reader
		defer wg.Done()
		for range 200 {
			for _, st := range h.Stats() {
				if len(st.Subscribers) > subsPerKey+1 {
					t.Errorf("%v has %d subscribers", st.Key, len(st.Subscribers))
				}
			}
		}
	}()
	// Wait for the publishers, close the hub, and check what every
	// subscriber saw.
	pubs.Wait()
	h.Close()
	wg.Wait()
	for k := range keys {
		for i, r := range results[k] {
			if r.terminal != KindClosed || r.afterTerm {
				t.Fatalf("key %d sub %d: terminal %v, items after it %v", k, i, r.terminal, r.afterTerm)
			}
			var last uint32
			for j, g := range r.items {
				if g.ts < last {
					t.Fatalf("key %d sub %d: item %d ts %d after %d", k, i, j, g.ts, last)
				}
				last = g.ts
			}
			if r.drained == 0 {
				t.Fatalf("key %d sub %d drained nothing", k, i)
			}
		}
	}
}

// TestWriteDoesNotAllocate checks the steady-state write and drain paths:
// rings, GOP array and caller slices are reused.
func TestWriteDoesNotAllocate(t *testing.T) {
	h := New(Config{})
	p := mustPublish(t, h, k1)
	write(t, p, meta(0, 1), avcHeader(0), aacHeader(0))
	subs := make([]*Subscriber, 100)
	bufs := make([][]Item, len(subs))
	for i := range subs {
		subs[i] = mustSubscribe(t, h, k1)
	}
	gop := []flv.Tag{key(0, 1)}
	for i := 1; i < 30; i++ {
		gop = append(gop, aac(0, byte(i)), inter(0, byte(i)))
	}
	ts := uint32(0)
	run := func() {
		for _, tg := range gop {
			ts += 16
			tg.Timestamp = ts
			if err := p.Write(tg); err != nil {
				t.Fatal(err)
			}
		}
		for i, s := range subs {
			<-s.Ready()
			bufs[i] = s.Drain(bufs[i][:0])
		}
	}
	for range 3 {
		run() // warm up: rings, GOP array and buffers reach their size
	}
	if a := testing.AllocsPerRun(50, run); a != 0 {
		t.Fatalf("write+drain of a %d-tag GOP to %d subscribers: %v allocs, want 0", len(gop), len(subs), a)
	}
}
