package handshake

import (
	"crypto/rc4"
	"io"
	"sync"
)

// CipherReadWriter carries the RTMPE byte stream after the handshake: it
// decrypts what it reads and encrypts what it writes with the RC4 ciphers
// of a Result. Read and Write may be called from different goroutines;
// concurrent Writes are serialised.
//
// A failed or short underlying Write leaves the output keystream ahead of
// the peer's: the stream is then unusable and must be closed.
type CipherReadWriter struct {
	rw io.ReadWriter

	rmu sync.Mutex
	rc  *rc4.Cipher

	wmu  sync.Mutex
	wc   *rc4.Cipher
	wbuf []byte
}

// maxWriteChunk bounds the scratch buffer a Write allocates.
const maxWriteChunk = 64 << 10

// NewCipherReadWriter returns rw wrapped in a *CipherReadWriter if res is
// an Encrypted result, and rw itself otherwise.
func NewCipherReadWriter(rw io.ReadWriter, res *Result) io.ReadWriter {
	if res == nil || res.ReadCipher == nil || res.WriteCipher == nil {
		return rw
	}
	return &CipherReadWriter{rw: rw, rc: res.ReadCipher, wc: res.WriteCipher}
}

// Read reads from the underlying stream and decrypts in place.
func (c *CipherReadWriter) Read(p []byte) (int, error) {
	c.rmu.Lock()
	defer c.rmu.Unlock()
	n, err := c.rw.Read(p)
	c.rc.XORKeyStream(p[:n], p[:n])
	return n, err
}

// Write encrypts p into a scratch buffer (p is left untouched) and writes
// it to the underlying stream.
func (c *CipherReadWriter) Write(p []byte) (int, error) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	written := 0
	for len(p) > 0 {
		n := min(len(p), maxWriteChunk)
		if cap(c.wbuf) < n {
			c.wbuf = make([]byte, n)
		}
		b := c.wbuf[:n]
		c.wc.XORKeyStream(b, p[:n])
		m, err := c.rw.Write(b)
		written += m
		if err != nil {
			return written, err
		}
		if m < n {
			return written, io.ErrShortWrite
		}
		p = p[n:]
	}
	return written, nil
}

// Close closes the underlying stream if it is an io.Closer.
func (c *CipherReadWriter) Close() error {
	if cl, ok := c.rw.(io.Closer); ok {
		return cl.Close()
	}
	return nil
}
