package loadgen

import "time"

// Keep-up criteria (issue 6): a player kept up when it received at least
// KeepUpFrameFraction of the frames the stream carried while it played and
// its last frame was less than KeepUpMaxLate late at the end of the window.
const (
	KeepUpFrameFraction = 0.95
	KeepUpMaxLate       = time.Second
)

// ExpectedFrames returns how many video frames a player should have received
// at fps frames per second when its first frame arrived at first, the window
// ended at end, and best is the player's smallest (arrival − first arrival) −
// (timestamp − first timestamp) offset. best is negative when the player
// received frames faster than real time (the GOP cache burst at join), and
// those frames lengthen the stream time it should have covered by −best.
// It returns 0 when fps is not positive or end is not after first.
func ExpectedFrames(fps float64, first, end time.Time, best time.Duration) int64 {
	span := end.Sub(first) - best
	if fps <= 0 || span <= 0 {
		return 0
	}
	return int64(span.Seconds()*fps) + 1
}

// KeptUp applies the keep-up criteria: got frames out of expected, and the
// last frame late by lastLate at the end of the window. A player that
// expected no frames (unknown frame rate) is judged on lateness alone, and
// one that received nothing did not keep up.
func KeptUp(got, expected int64, lastLate time.Duration) bool {
	if got == 0 {
		return false
	}
	if lastLate >= KeepUpMaxLate {
		return false
	}
	return float64(got) >= KeepUpFrameFraction*float64(expected)
}
