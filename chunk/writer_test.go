package chunk

import (
	"errors"
	"io"
	"testing"
)

func TestWriterErrors(t *testing.T) {
	w := NewWriter(io.Discard)
	for _, m := range []Message{{CSID: 0}, {CSID: 1}, {CSID: 65600}} {
		if err := w.WriteMessage(&m); !errors.Is(err, ErrInvalidCSID) {
			t.Errorf("csid %d: %v", m.CSID, err)
		}
		if _, err := w.AppendMessage(nil, &m); !errors.Is(err, ErrInvalidCSID) {
			t.Errorf("append csid %d: %v", m.CSID, err)
		}
	}
	big := Message{CSID: 3, Payload: make([]byte, MaxMessageLength+1)}
	if err := w.WriteMessage(&big); !errors.Is(err, ErrMessageTooLarge) {
		t.Errorf("big payload: %v", err)
	}
	if w.BytesWritten() != 0 {
		t.Errorf("BytesWritten %d after errors", w.BytesWritten())
	}
}

func TestWriteMessageWithoutWriter(t *testing.T) {
	if err := NewWriter(nil).WriteMessage(&Message{CSID: 3}); err == nil {
		t.Fatal("no error")
	}
}
