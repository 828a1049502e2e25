package rtmpauth

import "errors"

// Default limits for text received from the network.
const (
	// DefaultMaxText bounds a description, an app or a secure token (in
	// bytes). Real descriptions are around 200 bytes.
	DefaultMaxText = 4096
	// DefaultMaxParams bounds the number of key=value pairs in a query.
	DefaultMaxParams = 32
)

// Limits bounds what the parsers accept. A zero field means its default.
type Limits struct {
	// MaxText is the longest description, app or secure token accepted.
	MaxText int
	// MaxParams is the most key=value pairs a query may hold.
	MaxParams int
}

// DefaultLimits holds the limits used when a field of Limits is zero.
var DefaultLimits = Limits{MaxText: DefaultMaxText, MaxParams: DefaultMaxParams}

func (l Limits) withDefaults() Limits {
	if l.MaxText <= 0 {
		l.MaxText = DefaultMaxText
	}
	if l.MaxParams <= 0 {
		l.MaxParams = DefaultMaxParams
	}
	return l
}

// ErrLimit reports input beyond a Limits bound.
var ErrLimit = errors.New("rtmpauth: input exceeds limits")
