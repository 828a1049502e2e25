package chunk

import (
	"errors"
	"strconv"
)

// Sentinel errors wrapped by *ProtocolError; test with errors.Is.
var (
	// ErrNoPreviousHeader: a fmt 1, 2 or 3 chunk arrived on a chunk stream that
	// never had a fmt 0 header. A fmt 3 chunk as the first chunk of a chunk
	// stream is rejected too.
	ErrNoPreviousHeader = errors.New("chunk: fmt 1/2/3 chunk on a chunk stream with no previous header")
	// ErrMessageTooLarge: a header announced a message longer than Limits.MaxMessageSize,
	// or a writer was given a payload longer than MaxMessageLength.
	ErrMessageTooLarge = errors.New("chunk: message too large")
	// ErrTooManyChunkStreams: the peer used more chunk stream ids than Limits.MaxChunkStreams.
	ErrTooManyChunkStreams = errors.New("chunk: too many chunk streams")
	// ErrPartialBytes: partially received messages together exceed Limits.MaxPartialBytes.
	ErrPartialBytes = errors.New("chunk: too many bytes buffered in partial messages")
	// ErrInvalidCSID: a chunk stream id outside MinCSID..MaxCSID was given to a writer or to Abort.
	ErrInvalidCSID = errors.New("chunk: invalid chunk stream id")
	// ErrInvalidChunkSize: a chunk size of 0 or with bit 31 set.
	ErrInvalidChunkSize = errors.New("chunk: invalid chunk size")
)

// ProtocolError reports a violation of the chunk stream protocol or of a
// configured limit. Err is one of the sentinel errors of this package.
type ProtocolError struct {
	CSID  uint32 // chunk stream id concerned, 0 if none
	Value uint64 // offending value (length, chunk size, count), 0 if none
	Err   error  // sentinel describing the problem
}

// Error implements error.
func (e *ProtocolError) Error() string {
	s := e.Err.Error()
	if e.CSID != 0 {
		s += " (csid " + strconv.FormatUint(uint64(e.CSID), 10)
		if e.Value != 0 {
			s += ", value " + strconv.FormatUint(e.Value, 10)
		}
		s += ")"
	} else if e.Value != 0 {
		s += " (value " + strconv.FormatUint(e.Value, 10) + ")"
	}
	return s
}

// Unwrap returns the sentinel error.
func (e *ProtocolError) Unwrap() error { return e.Err }

func protoErr(err error, csid uint32, v uint64) error {
	return &ProtocolError{CSID: csid, Value: v, Err: err}
}
