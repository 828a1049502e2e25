package rtmp

import (
	"github.com/rtmpkit/rtmp/message"
)

// onCommand handles a command from the server, on the read loop.
func (c *ClientConn) onCommand(sid uint32, cmd *message.Command) {
	c.log.Debug("rtmp: command from server", "name", cmd.Name, "txn", cmd.TransactionID, "stream", sid, "args", cmd.Args)
	switch cmd.Name {
	case message.CommandResult, message.CommandError:
		c.resolve(cmd)
		return
	case message.CommandOnStatus:
		c.onStatus(sid, cmd)
		return
	case message.CommandClose:
		// A close during connect follows a rejection: the session failed.
		final := StateDisconnected
		if c.ConnectInfo() == nil {
			final = StateError
		}
		c.fail(&closedError{cause: &StatusError{Level: LevelStatus, Code: CodeConnectClosed, Description: "the server sent close"}}, final)
		return
	case message.CommandOnBWDone:
		// As FFmpeg: answer the first onBWDone with _checkbw.
		c.mu.Lock()
		first := !c.bwDone
		c.bwDone = true
		c.mu.Unlock()
		if first {
			go c.sendNoReply(message.CommandCheckBW)
		}
	case "_onbwcheck":
		// librtmp answers the bandwidth probe with a counter.
		if cmd.TransactionID != 0 {
			go c.sendCommand(csidCommand, 0, message.CommandResult, cmd.TransactionID, nil, 0.0)
		}
	case "ping":
		go c.sendCommand(csidCommand, 0, "pong", cmd.TransactionID, nil)
	}
	c.invoked(sid, cmd)
}

// onStatus routes an onStatus to its stream (or to the NetConnection for
// stream 0) and to ClientConfig.OnStatus.
func (c *ClientConn) onStatus(sid uint32, cmd *message.Command) {
	st, ok := cmd.Status()
	if !ok {
		return
	}
	if f := c.cfg.OnStatus; f != nil {
		f(c, sid, st)
	}
	if s := c.stream(sid); s != nil {
		s.status(st)
	}
	c.invoked(sid, cmd)
}

// invoked resolves the Expect calls waiting for cmd.Name, then runs the
// handler registered for it (in its own goroutine, so that it may call the
// server) and replies when the server used a transaction id: the handler's
// answer, a null _result when only an Expect took the invoke, or _error
// NetConnection.Call.Failed when nothing did.
func (c *ClientConn) invoked(sid uint32, cmd *message.Command) {
	c.mu.Lock()
	waiters := c.expect[cmd.Name]
	delete(c.expect, cmd.Name)
	h := c.handlers[cmd.Name]
	c.mu.Unlock()
	for _, pc := range waiters {
		pc.finish(cmd.Args, nil)
	}
	switch {
	case h != nil:
		go c.runHandler(sid, cmd, h)
	case cmd.TransactionID == 0 || isBuiltinInvoke(cmd.Name):
	case len(waiters) > 0:
		// Someone took it with Expect: acknowledge with a null result.
		go c.sendCommand(csidCommand, sid, message.CommandResult, cmd.TransactionID, nil, nil)
	default:
		go c.sendCommand(csidCommand, sid, message.CommandError, cmd.TransactionID, nil,
			statusInfo(LevelError, CodeCallFailed, "Method not found ("+cmd.Name+")."))
	}
}

func isBuiltinInvoke(name string) bool {
	switch name {
	case message.CommandOnStatus, message.CommandOnBWDone, "_onbwcheck", "_onbwdone", "ping",
		"onFCPublish", "onFCUnpublish", "onFCSubscribe", "onFCUnsubscribe":
		return true
	}
	return false
}

func (c *ClientConn) runHandler(sid uint32, cmd *message.Command, h CallHandler) {
	vals, err := h(cmd.Args)
	if cmd.TransactionID == 0 {
		return
	}
	if err != nil {
		se, ok := err.(*StatusError)
		if !ok {
			se = &StatusError{Level: LevelError, Code: CodeCallFailed, Description: err.Error()}
		}
		if se.Level == "" {
			se.Level = LevelError
		}
		c.sendCommand(csidCommand, sid, message.CommandError, cmd.TransactionID, nil, statusInfo(se.Level, se.Code, se.Description))
		return
	}
	if len(vals) == 0 {
		vals = []any{nil}
	}
	c.sendCommand(csidCommand, sid, message.CommandResult, cmd.TransactionID, nil, vals...)
}
