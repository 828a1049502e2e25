package hub

import (
	"errors"
	"testing"
)

// OnEvict's function runs once, during the write that evicts the
// subscriber, and never for a subscriber that ends another way.
func TestOnEvict(t *testing.T) {
	tags, _, _ := stream30(6000)
	cfg := Config{QueueMaxDuration: 1000e6, EvictAfter: 2000e6}
	for _, tc := range []struct {
		name  string
		run   func(t *testing.T, h *Hub, p *Publisher, sub *Subscriber, calls *int) int // returns the expected calls
		early bool                                                                      // OnEvict before the writes
	}{
		{"evicted", func(t *testing.T, h *Hub, p *Publisher, sub *Subscriber, calls *int) int {
			for _, tg := range tags {
				before := *calls
				write(t, p, tg)
				if evicted := errors.Is(sub.Err(), ErrEvicted); evicted != (*calls == 1) || *calls-before > 1 {
					t.Fatalf("at %d ms: Err %v after %d calls", tg.Timestamp, sub.Err(), *calls)
				}
			}
			sub.Close()
			return 1
		}, true},
		{"registered after the eviction", func(t *testing.T, h *Hub, p *Publisher, sub *Subscriber, calls *int) int {
			write(t, p, tags...)
			if *calls != 0 || !errors.Is(sub.Err(), ErrEvicted) {
				t.Fatalf("before OnEvict: %d calls, Err %v", *calls, sub.Err())
			}
			sub.OnEvict(func() { *calls++ })
			return 1
		}, false},
		{"closed first", func(t *testing.T, h *Hub, p *Publisher, sub *Subscriber, calls *int) int {
			sub.Close()
			write(t, p, tags...)
			sub.OnEvict(func() { *calls++ })
			return 0
		}, true},
		{"hub closed", func(t *testing.T, h *Hub, p *Publisher, sub *Subscriber, calls *int) int {
			write(t, p, tags[:10]...)
			h.Close()
			sub.OnEvict(func() { *calls++ })
			return 0
		}, true},
		{"draining keeps it", func(t *testing.T, h *Hub, p *Publisher, sub *Subscriber, calls *int) int {
			for _, tg := range tags {
				write(t, p, tg)
				sub.Drain(nil)
			}
			return 0
		}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := New(cfg)
			p := mustPublish(t, h, k1)
			sub := mustSubscribe(t, h, k1)
			calls := 0
			if tc.early {
				sub.OnEvict(func() { calls++ })
			}
			want := tc.run(t, h, p, sub, &calls)
			if calls != want {
				t.Fatalf("OnEvict function called %d times, want %d (Err %v)", calls, want, sub.Err())
			}
		})
	}
}
