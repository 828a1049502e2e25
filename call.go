package rtmp

import (
	"context"

	"github.com/rtmpkit/rtmp/message"
)

type callReply struct {
	vals []any
	err  error
}

// Call invokes method on the client and waits for its answer, matched by
// transaction id: the values after the command object of the client's
// _result (or the command object itself when nothing follows it), or a
// *StatusError built from the info object of an _error. ctx bounds the wait;
// on a closed connection the error satisfies errors.Is(err, net.ErrClosed).
// It is safe to call from any goroutine, but not from a handler of the same
// connection (the read loop would wait for itself).
func (c *ServerConn) Call(ctx context.Context, method string, args ...any) ([]any, error) {
	if c.isClosed.Load() {
		return nil, ErrClosed
	}
	ch := make(chan callReply, 1)
	c.cmu.Lock()
	c.nextTxn++
	txn := c.nextTxn
	c.pending[txn] = ch
	c.cmu.Unlock()
	c.queueCommand(csidCommand, 0, method, txn, nil, args...)
	select {
	case r := <-ch:
		return r.vals, r.err
	case <-ctx.Done():
		c.cmu.Lock()
		delete(c.pending, txn)
		c.cmu.Unlock()
		return nil, ctx.Err()
	case <-c.done:
		return nil, ErrClosed
	}
}

// resolveCall hands a _result/_error to the waiting Call.
func (c *ServerConn) resolveCall(cmd *message.Command) {
	c.cmu.Lock()
	ch := c.pending[cmd.TransactionID]
	delete(c.pending, cmd.TransactionID)
	c.cmu.Unlock()
	if ch == nil {
		return
	}
	vals := cmd.Args
	if len(vals) == 0 && cmd.Object != nil {
		vals = []any{cmd.Object}
	}
	if cmd.Name == "_error" {
		ch <- callReply{vals: vals, err: replyError(vals, CodeCallFailed)}
		return
	}
	ch <- callReply{vals: vals}
}

// failPending forgets every waiting call; their Call returns ErrClosed.
func (c *ServerConn) failPending() {
	c.cmu.Lock()
	clear(c.pending)
	c.cmu.Unlock()
}
