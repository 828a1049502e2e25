package loadgen

import "time"

// Keep-up criteria (issue 6): a player kept up when it received at least
// KeepUpFrameFraction of the frames the stream carried while it played and
// its last frame was less than KeepUpMaxLate late at the end of the window.
// The first bounds what the server dropped, the second how far behind the
// player fell.
const (
	KeepUpFrameFraction = 0.95
	KeepUpMaxLate       = time.Second
)

// ExpectedFrames returns how many video frames a player should have received
// at fps frames per second when the messages it received span the given
// stream time (last timestamp − first timestamp). Counting up to the last
// frame received rather than to the end of the window keeps frames still in
// flight (a merge window, a paced reader) from counting as missing: how late
// the player is at the end is judged separately, by KeptUp's lateness bound.
// The span includes the GOP-cache frames a late joiner receives at once.
// It returns 0 when fps is not positive or span is negative.
func ExpectedFrames(fps float64, span time.Duration) int64 {
	if fps <= 0 || span < 0 {
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
