package hub

import "testing"

// TestPendingPolls: Pending tells a polling owner that items wait, without
// taking Ready's value; a drain clears it; pushes onto a queue whose owner
// never reads Ready still arrive (its full channel costs nothing).
func TestPendingPolls(t *testing.T) {
	h := New(Config{})
	sub := mustSubscribe(t, h, k1)
	if sub.Pending() {
		t.Fatal("Pending before anything was queued")
	}
	p := mustPublish(t, h, k1)
	if !sub.Pending() {
		t.Fatal("not Pending after the publish event was queued")
	}
	if len(sub.Ready()) != 1 {
		t.Fatal("Ready has no value after the first push")
	}
	if items := sub.Drain(nil); len(items) != 1 || items[0].Kind != KindPublish {
		t.Fatalf("drained %+v, want the publish event", items)
	}
	if sub.Pending() {
		t.Fatal("Pending after a drain")
	}
	for round := range 3 {
		write(t, p, aac(uint32(1000+round*23), byte(round)))
		if !sub.Pending() {
			t.Fatalf("round %d: not Pending after a tag", round)
		}
		if items := sub.Drain(nil); len(items) != 1 || items[0].Tag.Timestamp == 0 && round > 0 {
			t.Fatalf("round %d: drained %+v", round, items)
		}
		if sub.Pending() {
			t.Fatalf("round %d: Pending after a drain", round)
		}
	}
	// Ready's value was never taken: it is still there, one of it.
	if len(sub.Ready()) != 1 {
		t.Fatalf("Ready holds %d values", len(sub.Ready()))
	}
	sub.Close()
}
