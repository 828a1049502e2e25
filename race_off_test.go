//go:build !race

package rtmp_test

const raceEnabled = false
