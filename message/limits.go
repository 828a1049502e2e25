package message

import (
	"github.com/rtmpkit/rtmp/amf0"
	"github.com/rtmpkit/rtmp/amf3"
)

// Default limits used by [Decode] and by a zero [Limits] field.
const (
	// DefaultMaxAggregateMessages caps the sub-messages of one aggregate.
	DefaultMaxAggregateMessages = 4096
	// DefaultMaxSharedObjectEvents caps the events of one shared object message.
	DefaultMaxSharedObjectEvents = 4096
	// DefaultMaxValues caps the top-level AMF values of one command or data
	// message (name, transaction id and command object included).
	DefaultMaxValues = 1024
)

// Limits bounds what decoding one message may allocate beyond the payload it
// is given. A zero field means the matching default.
type Limits struct {
	// MaxAggregateMessages caps the number of sub-messages in an aggregate.
	MaxAggregateMessages int
	// MaxSharedObjectEvents caps the number of events in a shared object
	// message (after Change events with several slots are split).
	MaxSharedObjectEvents int
	// MaxValues caps the top-level AMF values of a command or data message
	// and the values of one shared object event.
	MaxValues int
	// AMF0 bounds each AMF0 value (depth, string and array sizes, total
	// allocation); zero fields mean amf0's defaults.
	AMF0 amf0.Limits
	// AMF3 bounds each AMF3 value of a type 16 shared object; zero fields
	// mean amf3's defaults. (AMF3 values behind 0x11 inside AMF0 are
	// bounded by package amf0.)
	AMF3 amf3.Limits
}

// DefaultLimits holds the limits [Decode] uses.
var DefaultLimits = Limits{
	MaxAggregateMessages:  DefaultMaxAggregateMessages,
	MaxSharedObjectEvents: DefaultMaxSharedObjectEvents,
	MaxValues:             DefaultMaxValues,
	AMF0:                  amf0.DefaultLimits,
	AMF3:                  amf3.DefaultLimits,
}

func (l *Limits) maxAggregate() int {
	if l == nil || l.MaxAggregateMessages <= 0 {
		return DefaultMaxAggregateMessages
	}
	return l.MaxAggregateMessages
}

func (l *Limits) maxSOEvents() int {
	if l == nil || l.MaxSharedObjectEvents <= 0 {
		return DefaultMaxSharedObjectEvents
	}
	return l.MaxSharedObjectEvents
}

func (l *Limits) maxValues() int {
	if l == nil || l.MaxValues <= 0 {
		return DefaultMaxValues
	}
	return l.MaxValues
}
