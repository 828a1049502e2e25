package chunk_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/rtmpkit/rtmp/chunk"
)

// A connection's read loop: read messages, apply Set Chunk Size and Abort
// before reading on, and keep a video payload without copying it.
func ExampleReader() {
	var wire bytes.Buffer
	w := chunk.NewWriter(&wire)
	_ = w.WriteMessage(&chunk.Message{CSID: 2, Type: 1, Payload: []byte{0, 0, 0x10, 0}}) // Set Chunk Size 4096
	_ = w.SetChunkSize(4096)
	_ = w.WriteMessage(&chunk.Message{CSID: 6, Type: 9, StreamID: 1, Timestamp: 40, Payload: make([]byte, 10000)})

	r := chunk.NewReader(&wire, chunk.Limits{})
	var kept []*chunk.Buffer
	for {
		m, err := r.ReadMessage()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		switch m.Type {
		case 1:
			_ = r.SetChunkSize(binary.BigEndian.Uint32(m.Payload))
		case 2:
			_ = r.Abort(binary.BigEndian.Uint32(m.Payload))
		case 9:
			kept = append(kept, r.Detach()) // ours until Release
		}
		fmt.Printf("type %d csid %d ts %d len %d\n", m.Type, m.CSID, m.Timestamp, len(m.Payload))
	}
	for _, b := range kept {
		b.Release()
	}
	// Output:
	// type 1 csid 2 ts 0 len 4
	// type 9 csid 6 ts 40 len 10000
}

// Fan-out: one shared payload, per-connection chunk headers, no copy. Each
// batch would be written with net.Buffers (writev), then the writer Reset.
func ExampleWriter_AppendMessage() {
	payload := make([]byte, 9000) // shared by every subscriber, never modified
	conns := []*chunk.Writer{chunk.NewWriter(nil), chunk.NewWriter(nil)}
	for _, w := range conns {
		_ = w.SetChunkSize(4096)
		bufs, err := w.AppendMessage(nil, &chunk.Message{CSID: 7, Type: 9, StreamID: 1, Timestamp: 1000, Payload: payload})
		if err != nil {
			fmt.Println(err)
			return
		}
		// net.Buffers(bufs).WriteTo(conn) would go here.
		fmt.Println(len(bufs), "slices,", w.BytesWritten(), "bytes; payload shared:", &bufs[1][0] == &payload[0])
		w.Reset()
	}
	// Output:
	// 6 slices, 9014 bytes; payload shared: true
	// 6 slices, 9014 bytes; payload shared: true
}

// Fan-out with a prepared message: the chunks after the first are laid out
// once, so each connection appends one header of its own and two shared slices.
func ExamplePrepare() {
	payload := make([]byte, 100_000)
	p, err := chunk.Prepare(7, 9, payload, 4096)
	if err != nil {
		fmt.Println(err)
		return
	}
	for sid := uint32(1); sid <= 2; sid++ { // two connections, different stream ids
		w := chunk.NewWriter(nil)
		_ = w.SetChunkSize(4096)
		bufs, err := w.AppendPrepared(nil, p, sid, 1000)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(len(bufs), "slices,", w.BytesWritten(), "bytes")
		w.Reset()
	}
	// Output:
	// 3 slices, 100036 bytes
	// 3 slices, 100036 bytes
}
