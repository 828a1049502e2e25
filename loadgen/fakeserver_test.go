package loadgen

import (
	"bufio"
	"context"
	"io"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rtmpkit/rtmp/amf0"
	"github.com/rtmpkit/rtmp/chunk"
	"github.com/rtmpkit/rtmp/handshake"
	"github.com/rtmpkit/rtmp/message"
)

// playStart is the status a fake server answers play with by default.
var playStart = message.Status{Level: "status", Code: "NetStream.Play.Start", Description: "playing"}

// fakeServe answers one player connection as a minimal RTMP server does:
// handshake, _result for connect and createStream (stream 1), the status
// for play, and then, if it is not an error, send writes the stream (the
// messages of encodeStream, on stream 1, from a fresh chunk writer) and the
// stream ends with a half close. What the client sends after play is read and
// decoded: its acknowledgements' sequence numbers go to obs.acks, and a
// chunk size it announces is counted (obs may be nil).
func fakeServe(nc net.Conn, status message.Status, send func(io.Writer) error, obs *fakeObs) error {
	defer nc.Close()
	br := bufio.NewReader(nc)
	if _, err := handshake.Server(struct {
		io.Reader
		io.Writer
	}{br, nc}, nil); err != nil {
		return err
	}
	cr := chunk.NewReader(br, chunk.Limits{})
	cw := chunk.NewWriter(nc)
	reply := func(msg message.Message, sid uint32) error {
		m, err := message.Encode(msg, sid, 0)
		if err != nil {
			return err
		}
		return cw.WriteMessage(m)
	}
	for {
		m, err := cr.ReadMessage()
		if err != nil {
			return err
		}
		msg, err := message.Decode(m)
		if err != nil {
			return err
		}
		switch v := msg.(type) {
		case *message.SetChunkSize:
			if obs != nil {
				obs.chunkSizes.Add(1)
			}
			if err := cr.SetChunkSize(v.Size); err != nil {
				return err
			}
		case *message.Command:
			switch v.Name {
			case "connect":
				err = reply(&message.Command{Name: "_result", TransactionID: v.TransactionID,
					Object: amf0.Object{{Key: "fmsVer", Value: "FMS/3,0,1,123"}, {Key: "capabilities", Value: 31.0}},
					Args: []any{amf0.Object{{Key: "level", Value: "status"}, {Key: "code", Value: "NetConnection.Connect.Success"},
						{Key: "description", Value: "Connection succeeded."}, {Key: "objectEncoding", Value: 0.0}}}}, 0)
			case "createStream":
				err = reply(&message.Command{Name: "_result", TransactionID: v.TransactionID, Args: []any{1.0}}, 0)
			case "play":
				if err := reply(message.NewOnStatus(status), 1); err != nil {
					return err
				}
				read := make(chan struct{})
				go func() { discardClient(cr, obs); close(read) }()
				if !status.IsError() {
					if err := send(nc); err != nil {
						return err
					}
				}
				// End with a FIN, not a reset: keep reading until the
				// client closes, so that what it sends meanwhile (an
				// acknowledgement, SetBufferLength) cannot make the kernel
				// drop what the client has yet to read.
				if tc, ok := nc.(*net.TCPConn); ok {
					tc.CloseWrite()
				}
				select {
				case <-read:
				case <-time.After(time.Minute):
				}
				return nil
			}
			if err != nil {
				return err
			}
		}
	}
}

// fakeObs is what a fake server saw of its clients.
type fakeObs struct {
	acks       chan uint32  // acknowledgements' sequence numbers, if not nil
	chunkSizes atomic.Int32 // Set Chunk Size messages received
}

// discardClient reads what a client sends while it plays, passing its
// acknowledgements on.
func discardClient(cr *chunk.Reader, obs *fakeObs) {
	for {
		m, err := cr.ReadMessage()
		if err != nil {
			return
		}
		if m.Type == message.TypeSetChunkSize || m.Type == message.TypeAcknowledgement {
			msg, err := message.Decode(m)
			if err != nil {
				return
			}
			switch v := msg.(type) {
			case *message.SetChunkSize:
				if obs != nil {
					obs.chunkSizes.Add(1)
				}
				cr.SetChunkSize(v.Size)
			case *message.Acknowledgement:
				if obs != nil && obs.acks != nil {
					obs.acks <- v.SequenceNumber
				}
			}
		}
	}
}

// fakeListen serves every connection on a loopback port with fakeServe and
// returns the rtmp:// URL of stream "s" on it.
func fakeListen(t testing.TB, status message.Status, send func(io.Writer) error, obs *fakeObs) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			nc, err := ln.Accept()
			if err != nil {
				return
			}
			go fakeServe(nc, status, send, obs)
		}
	}()
	return "rtmp://" + ln.Addr().String() + "/live/s"
}

// sendAll writes data at once.
func sendAll(data []byte) func(io.Writer) error {
	return func(w io.Writer) error { _, err := w.Write(data); return err }
}

// playFake runs one player against url until the server ends the stream.
func playFake(t testing.TB, url string) *player {
	t.Helper()
	tg, err := ParseTarget(url)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	p := &player{}
	p.run(ctx, playOptions{target: tg, readBuf: DefaultReadBuffer, setupLimit: 10 * time.Second})
	return p
}
