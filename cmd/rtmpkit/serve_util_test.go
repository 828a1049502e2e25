package main

import (
	"bytes"
	"sync"
)

var logsMu sync.Mutex

type syncWriter struct{ w *bytes.Buffer }

func (s *syncWriter) Write(p []byte) (int, error) {
	logsMu.Lock()
	defer logsMu.Unlock()
	return s.w.Write(p)
}

func logsString(b *bytes.Buffer) string {
	logsMu.Lock()
	defer logsMu.Unlock()
	return b.String()
}
