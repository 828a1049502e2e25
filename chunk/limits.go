package chunk

// Default limits and protocol constants. Every limit of a Reader is a field of
// Limits; a zero field selects the default below.
const (
	// DefaultChunkSize is the chunk size both directions start with (RTMP spec §5.4.1).
	DefaultChunkSize = 128

	// MaxChunkSize is the largest value Set Chunk Size may carry (bit 31 must be 0).
	// Values above MaxMessageLength are accepted and behave like MaxMessageLength,
	// since no message can be longer than that.
	MaxChunkSize = 0x7FFFFFFF

	// MaxMessageLength is the largest length the 24-bit message length field can express.
	MaxMessageLength = 0xFFFFFF

	// MinCSID and MaxCSID bound the chunk stream ids the basic header can carry.
	MinCSID = 2
	// MaxCSID is the largest chunk stream id (3-byte basic header form).
	MaxCSID = 65599

	// DefaultMaxMessageSize is the default largest message a Reader accepts (16 MiB,
	// which admits every length the 24-bit field can express).
	DefaultMaxMessageSize = 16 << 20

	// DefaultMaxChunkStreams is the default number of distinct chunk stream ids a
	// peer may use on one connection. Real peers use fewer than ten; nginx-rtmp's
	// max_streams default is 32. It also bounds the number of partially received
	// messages, since each chunk stream holds at most one.
	DefaultMaxChunkStreams = 64

	// DefaultMaxPartialBytes is the default limit on the memory held for all
	// partially received messages of one connection together.
	DefaultMaxPartialBytes = 32 << 20
)

// Limits bounds what a Reader accepts from a peer. The zero value of a field
// selects the corresponding Default constant.
type Limits struct {
	// MaxMessageSize is the largest message length accepted; a header announcing
	// more is a *ProtocolError wrapping ErrMessageTooLarge.
	MaxMessageSize uint32

	// MaxChunkStreams is the number of distinct chunk stream ids a peer may
	// use; one more is a *ProtocolError wrapping ErrTooManyChunkStreams.
	MaxChunkStreams int

	// MaxPartialBytes bounds the memory (buffer capacity) held for messages
	// that are not yet complete, all chunk streams together; a chunk that
	// cannot fit is a *ProtocolError wrapping ErrPartialBytes.
	MaxPartialBytes int64
}

// withDefaults returns l with every zero field replaced by its default.
func (l Limits) withDefaults() Limits {
	if l.MaxMessageSize == 0 {
		l.MaxMessageSize = DefaultMaxMessageSize
	}
	if l.MaxChunkStreams <= 0 {
		l.MaxChunkStreams = DefaultMaxChunkStreams
	}
	if l.MaxPartialBytes <= 0 {
		l.MaxPartialBytes = DefaultMaxPartialBytes
	}
	return l
}

// DefaultLimits returns the limits a Reader uses when given a zero Limits.
func DefaultLimits() Limits { return Limits{}.withDefaults() }

// validChunkSize reports whether n is a legal Set Chunk Size value.
func validChunkSize(n uint32) bool { return n >= 1 && n <= MaxChunkSize }

// effectiveChunkSize clamps a legal chunk size to the longest possible message.
func effectiveChunkSize(n uint32) uint32 {
	if n > MaxMessageLength {
		return MaxMessageLength
	}
	return n
}
