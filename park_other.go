//go:build !linux || 386

package rtmp

import "errors"

// poller is a stub: readers are parked on Linux only.
type poller struct{}

func (*poller) arm(*flushShard, *ServerConn) error { return errors.ErrUnsupported }

func (*poller) forget(*ServerConn) {}

func (*poller) close() {}

// canPark reports whether readers can be parked here.
const canPark = false
