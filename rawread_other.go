//go:build !linux || 386

package rtmp

import (
	"io"
	"net"
)

// rawReader is a stub: raw reads are made on Linux only.
type rawReader struct{ io.Reader }

func newRawReader(net.Conn) *rawReader { return nil }
