package rtmp

import (
	"io"
	"net"
	"sync"

	"github.com/rtmpkit/rtmp/chunk"
	"github.com/rtmpkit/rtmp/message"
)

// RawConn is a hijacked connection: RTMP messages in and out with no
// NetConnection/NetStream logic, for protocols this library does not speak
// (an escape hatch like node-rtmpapi's). The chunk reader and writer keep
// their state (chunk sizes, header compression), so the session continues
// seamlessly. ReadMessage must be called from one goroutine at a time;
// WriteMessage is safe for concurrent use.
type RawConn struct {
	nc net.Conn
	rw io.ReadWriter
	cr *chunk.Reader

	wmu sync.Mutex
	cw  *chunk.Writer
}

// doHijack stops the writer goroutine after it has flushed, ends the
// connection's publishes and plays (their Sinks and Sources are closed, with
// nothing sent to the client), cancels the connection's Context and hands the
// chunk layer over. It returns ErrClosed when the connection was closed
// first (by the writer, Close or Server.Close/Shutdown).
func (c *ServerConn) doHijack() (*RawConn, error) {
	if c.cr == nil {
		return nil, ErrHijacked
	}
	c.stopWriter(true)
	won := false
	c.closeOnce.Do(func() {
		won = true
		c.endSession(ErrHijacked)
	})
	if !won {
		return nil, ErrClosed
	}
	for _, st := range c.streams {
		c.endPublish(st, false)
		c.endPlay(st, false)
	}
	clear(c.streams)
	c.idle.start(0) // the hijacker owns the deadlines
	cw := chunk.NewWriter(c.rw)
	cw.SetChunkSize(c.outChunkSize.Load())
	c.hijack = &RawConn{nc: c.nc, rw: c.rw, cr: c.cr, cw: cw}
	c.cr = nil
	c.logger().Debug("rtmp: connection hijacked")
	return c.hijack, nil
}

// NetConn returns the underlying network connection.
func (r *RawConn) NetConn() net.Conn { return r.nc }

// Reader returns the chunk reader (for Detach, BytesRead, AckDue).
func (r *RawConn) Reader() *chunk.Reader { return r.cr }

// ReadMessage reads the next message. It applies Set Chunk Size and Abort
// from the peer itself (and still returns them). The message is valid until
// the next call unless detached via Reader().Detach().
func (r *RawConn) ReadMessage() (*chunk.Message, error) {
	m, err := r.cr.ReadMessage()
	if err != nil {
		return nil, err
	}
	switch m.Type {
	case message.TypeSetChunkSize, message.TypeAbort:
		msg, derr := message.Decode(m)
		if derr != nil {
			return nil, &ProtocolError{Op: "decode message", Err: derr}
		}
		switch v := msg.(type) {
		case *message.SetChunkSize:
			err = r.cr.SetChunkSize(v.Size)
		case *message.Abort:
			err = r.cr.Abort(v.CSID)
		}
		if err != nil {
			return nil, &ProtocolError{Op: "control", Err: err}
		}
	}
	return m, nil
}

// WriteMessage writes one chunk message.
func (r *RawConn) WriteMessage(m *chunk.Message) error {
	r.wmu.Lock()
	defer r.wmu.Unlock()
	return r.cw.WriteMessage(m)
}

// Write encodes a typed message on message stream sid with timestamp ts and
// writes it on the chunk stream message.DefaultCSID picks.
func (r *RawConn) Write(msg message.Message, sid, ts uint32) error {
	cm, err := message.Encode(msg, sid, ts)
	if err != nil {
		return err
	}
	return r.WriteMessage(cm)
}

// SetChunkSize sends Set Chunk Size and applies it to later writes.
func (r *RawConn) SetChunkSize(n uint32) error {
	cm, err := message.Encode(message.SetChunkSize{Size: n}, 0, 0)
	if err != nil {
		return err
	}
	r.wmu.Lock()
	defer r.wmu.Unlock()
	if err := r.cw.WriteMessage(cm); err != nil {
		return err
	}
	return r.cw.SetChunkSize(n)
}

// Close closes the connection; a ReadMessage blocked in another goroutine
// returns an error. The reader's pooled buffers are left to the garbage
// collector, since a read may still be in flight.
func (r *RawConn) Close() error {
	return r.nc.Close()
}
