package hub

import "testing"

func TestExtender(t *testing.T) {
	tests := []struct {
		name string
		in   []uint32
		want []int64
	}{
		{"from zero", []uint32{0, 33, 66}, []int64{0, 33, 66}},
		{"starts late", []uint32{5000, 5033}, []int64{0, 33}},
		{"wraps 2^32", []uint32{1<<32 - 50, 1<<32 - 17, 16, 49}, []int64{0, 33, 66, 99}},
		{"small backwards kept", []uint32{1000, 1033, 1020, 1066}, []int64{0, 33, 20, 66}},
		{"clock restart", []uint32{100000, 0, 33}, []int64{0, 0, 33}},
		{"backwards across wrap", []uint32{10, 1<<32 - 10, 40}, []int64{0, -20, 30}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var e extender
			for i, ts := range tc.in {
				if got := e.next(ts); got != tc.want[i] {
					t.Fatalf("next(%d) #%d = %d, want %d", ts, i, got, tc.want[i])
				}
			}
		})
	}
}

func TestStamper(t *testing.T) {
	s := stamper{rebase: true}
	step := func(st, want int64) {
		t.Helper()
		out, base := s.at(st)
		if out != want {
			t.Fatalf("at(%d) = %d, want %d", st, out, want)
		}
		s.commit(out, base)
	}
	step(5000, 0)
	step(5033, 33)
	step(5010, 33) // backwards: clamped
	step(5066, 66)
	s.rebase = true // new session whose stream time restarts at 0
	step(0, 66)
	step(40, 106)
}
