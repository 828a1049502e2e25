package rtmp

import (
	"context"
	"sync"

	"github.com/rtmpkit/rtmp/message"
)

// CallHandler serves a method the server invokes on the client. It gets the
// values after the command object and returns the values of the _result
// reply; an error becomes an _error reply (a *StatusError chooses its code,
// anything else is NetConnection.Call.Failed with the error's text). No
// reply is sent when the server used transaction id 0.
type CallHandler func(args []any) ([]any, error)

// PendingCall is a call in flight (from Go) or an awaited server invoke
// (from Expect). It completes once.
type PendingCall struct {
	// Method is the method called or awaited.
	Method string
	// TransactionID is the call's transaction id (0 for Expect).
	TransactionID float64

	c     *ClientConn
	once  sync.Once
	done  chan struct{}
	vals  []any
	err   error
	reply *message.Command // the _result, for Connect
}

func newPending(c *ClientConn, method string, txn float64) *PendingCall {
	return &PendingCall{Method: method, TransactionID: txn, c: c, done: make(chan struct{})}
}

func (p *PendingCall) finish(vals []any, err error) {
	p.once.Do(func() {
		p.vals, p.err = vals, err
		close(p.done)
	})
}

// Done returns a channel closed when the call has completed.
func (p *PendingCall) Done() <-chan struct{} { return p.done }

// Result returns the outcome of a completed call: the values of the
// _result (or of the awaited invoke), or the error. Before completion it
// returns nil, nil.
func (p *PendingCall) Result() ([]any, error) {
	select {
	case <-p.done:
		return p.vals, p.err
	default:
		return nil, nil
	}
}

// Wait waits for the call to complete or ctx to end. A context error
// abandons the call: a late reply is dropped.
func (p *PendingCall) Wait(ctx context.Context) ([]any, error) {
	select {
	case <-p.done:
		return p.vals, p.err
	case <-ctx.Done():
		p.c.forget(p)
		return nil, ctx.Err()
	}
}

// Call invokes method on the server and waits for the reply matched by
// transaction id: the values after the command object of the _result (the
// command object itself when nothing follows it), or a *StatusError built
// from the info object of an _error. ctx bounds the wait; on a closed
// connection the error satisfies errors.Is(err, net.ErrClosed).
func (c *ClientConn) Call(ctx context.Context, method string, args ...any) ([]any, error) {
	return c.Go(method, args...).Wait(ctx)
}

// Go invokes method on the server without waiting: the returned
// PendingCall completes with the reply. It is the non-blocking form of
// Call.
func (c *ClientConn) Go(method string, args ...any) *PendingCall {
	return c.goCommand(0, method, nil, args...)
}

// goCommand sends [method, txn, obj, args...] on message stream sid with a
// fresh transaction id registered for the reply.
func (c *ClientConn) goCommand(sid uint32, method string, obj any, args ...any) *PendingCall {
	c.mu.Lock()
	c.nextTxn++
	p := newPending(c, method, c.nextTxn)
	c.pending[p.TransactionID] = p
	c.mu.Unlock()
	if c.isClosed() {
		c.forget(p)
		p.finish(nil, c.closedErr())
		return p
	}
	csid := uint32(csidCommand)
	if sid != 0 {
		csid = 8 // stream commands on their own chunk stream, as FFmpeg and librtmp
	}
	if err := c.sendCommand(csid, sid, method, p.TransactionID, obj, args...); err != nil {
		c.forget(p)
		p.finish(nil, err)
	}
	return p
}

// Expect returns a PendingCall that completes with the arguments of the
// next invoke of method by the server (any command that is not a reply,
// onStatus included). Register it before doing what makes the server
// invoke method. Together with Go it replaces python-librtmp's
// process_packets: the read loop runs on its own, so waiting for "the reply
// to this call" or "the server's next onFoo" is a Wait on the PendingCall.
// Expect does not stop a handler registered with Handle from running; without
// one, an invoke with a transaction id taken by Expect is answered with a
// null _result.
func (c *ClientConn) Expect(method string) *PendingCall {
	p := newPending(c, method, 0)
	c.mu.Lock()
	c.expect[method] = append(c.expect[method], p)
	c.mu.Unlock()
	if c.isClosed() {
		c.forget(p)
		p.finish(nil, c.closedErr())
	}
	return p
}

// Handle registers h for invokes of method by the server, replacing any
// earlier handler; a nil h removes it. Handlers run in their own goroutine
// and may call the server. Invokes with a transaction id and no handler
// (nor an Expect) are answered with _error NetConnection.Call.Failed.
func (c *ClientConn) Handle(method string, h CallHandler) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if h == nil {
		delete(c.handlers, method)
		return
	}
	c.handlers[method] = h
}

// forget drops a pending call or expectation.
func (c *ClientConn) forget(p *PendingCall) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if p.TransactionID != 0 {
		if c.pending[p.TransactionID] == p {
			delete(c.pending, p.TransactionID)
		}
		return
	}
	list := c.expect[p.Method]
	for i, q := range list {
		if q == p {
			c.expect[p.Method] = append(list[:i:i], list[i+1:]...)
			break
		}
	}
}

// resolve completes the call a _result or _error answers.
func (c *ClientConn) resolve(cmd *message.Command) {
	c.mu.Lock()
	p := c.pending[cmd.TransactionID]
	delete(c.pending, cmd.TransactionID)
	c.mu.Unlock()
	if p == nil {
		return
	}
	vals := cmd.Args
	if len(vals) == 0 && cmd.Object != nil {
		vals = []any{cmd.Object}
	}
	if cmd.Name == message.CommandError {
		p.finish(vals, replyError(vals, CodeCallFailed))
		return
	}
	p.reply = cmd
	p.finish(vals, nil)
}

// failCalls completes every pending call and expectation with the
// connection's error.
func (c *ClientConn) failCalls() {
	c.mu.Lock()
	var all []*PendingCall
	for _, p := range c.pending {
		all = append(all, p)
	}
	for _, l := range c.expect {
		all = append(all, l...)
	}
	clear(c.pending)
	clear(c.expect)
	c.mu.Unlock()
	err := c.closedErr()
	for _, p := range all {
		p.finish(nil, err)
	}
}

// sendNoReply sends a command with a fresh transaction id whose reply nobody
// waits for (releaseStream, FCPublish, FCSubscribe, FCUnpublish, _checkbw:
// servers answer them with a _result, an _error, an onFC* invoke or not at
// all).
func (c *ClientConn) sendNoReply(method string, args ...any) error {
	c.mu.Lock()
	c.nextTxn++
	txn := c.nextTxn
	c.mu.Unlock()
	return c.sendCommand(csidCommand, 0, method, txn, nil, args...)
}
