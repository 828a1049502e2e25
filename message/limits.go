package message

// Default limits used by [Decode] and by a zero [Limits] field.
const (
	// DefaultMaxAggregateMessages caps the sub-messages of one aggregate.
	DefaultMaxAggregateMessages = 4096
	// DefaultMaxSharedObjectEvents caps the events of one shared object message.
	DefaultMaxSharedObjectEvents = 4096
)

// Limits bounds what decoding one message may allocate beyond the payload it
// is given. A zero field means the matching Default constant.
type Limits struct {
	// MaxAggregateMessages caps the number of sub-messages in an aggregate.
	MaxAggregateMessages int
	// MaxSharedObjectEvents caps the number of events in a shared object
	// message (after Change events with several slots are split).
	MaxSharedObjectEvents int
}

// DefaultLimits holds the limits [Decode] uses.
var DefaultLimits = Limits{
	MaxAggregateMessages:  DefaultMaxAggregateMessages,
	MaxSharedObjectEvents: DefaultMaxSharedObjectEvents,
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
