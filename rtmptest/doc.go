// Package rtmptest provides test helpers in the spirit of net/http/httptest:
// a server on loopback, in-memory pipes and transcript replay.
package rtmptest
