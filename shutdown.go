package rtmp

import (
	"github.com/rtmpkit/rtmp/amf0"
	"github.com/rtmpkit/rtmp/message"
)

// trackPublish records publishing streams for Shutdown, which runs on another
// goroutine than the read loop that owns the streams.
func (c *ServerConn) trackPublish(sid uint32, name string, on bool) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if on {
		if c.publishing == nil {
			c.publishing = make(map[uint32]string)
		}
		c.publishing[sid] = name
	} else {
		delete(c.publishing, sid)
	}
}

// statusMsg encodes an onStatus command without queueing it.
func (c *ServerConn) statusMsg(sid uint32, code, desc, details string) (outMsg, bool) {
	m, err := encodeCommand(csidStatus, sid, c.objectEncoding == 3, "onStatus", 0, nil, statusInfo(LevelStatus, code, desc, amf0.Pair{Key: "details", Value: details}))
	if err != nil {
		return outMsg{}, false
	}
	return outMsg{m: m}, true
}

func controlMsg(msg message.Message) outMsg {
	cm, _ := message.Encode(msg, 0, 0)
	return outMsg{m: *cm}
}

// shutdownGracefully tells publishers NetStream.Unpublish.Success and players
// NetStream.Play.UnpublishNotify, StreamEOF and NetStream.Play.Stop, then lets
// the writer flush and close the connection. A connection still in its
// handshake is closed at once.
func (c *ServerConn) shutdownGracefully() {
	if !c.writerStarted.Load() {
		c.Close()
		return
	}
	c.wmu.Lock()
	for sid, name := range c.publishing {
		if m, ok := c.statusMsg(sid, CodeUnpublishSuccess, name+" is now unpublished.", name); ok {
			c.appendLocked(m)
		}
	}
	players := c.players
	c.players = nil
	for _, p := range players {
		p.finished.Store(true)
		if m, ok := c.statusMsg(p.sid, CodePlayUnpublishNotify, p.name+" is now unpublished.", p.name); ok {
			c.appendLocked(m)
		}
		c.appendLocked(controlMsg(message.StreamEOF{StreamID: p.sid}))
		if m, ok := c.statusMsg(p.sid, CodePlayStop, "Stopped playing "+p.name+".", p.name); ok {
			c.appendLocked(m)
		}
	}
	c.closing = true
	c.wmu.Unlock()
	c.stopInput.Store(true)
	c.wakeWriter()
}
