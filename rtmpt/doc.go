// Package rtmpt implements RTMPT, RTMP tunnelled over HTTP: a client net.Conn
// and a server http.Handler that hands net.Conns to an rtmp.Server.
package rtmpt
