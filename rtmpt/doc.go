// Package rtmpt implements RTMPT, RTMP tunnelled over HTTP: a client net.Conn
// and a server http.Handler that hands net.Conns to an rtmp.Server.
//
// # Protocol
//
// Every request is an HTTP/1.1 POST with Content-Type application/x-fcs
// (PROTOCOL.md §11):
//
//	POST /fcs/ident2          optional probe; answered 404 (Red5, FMS) unless Handler.Ident is set
//	POST /open/1              new session; the reply is the session id and "\n"
//	POST /send/<id>/<seq>     client RTMP bytes; reply: polling byte + pending server bytes
//	POST /idle/<id>/<seq>     poll; reply: polling byte + pending server bytes
//	POST /close/<id>/<seq>    end of session; reply: one zero byte
//
// FFmpeg and rtmpdump (librtmp) both start with POST /open/1 (one 0x00 body
// byte, User-Agent "Shockwave Flash"); neither sends /fcs/ident2.
//
// # Server
//
// [NewHandler] takes the function that serves each session, usually
// rtmp.Server.ServeConn; [NewListener] instead exposes the sessions through
// a net.Listener for rtmp.Server.Serve. Decisions:
//
//   - Session ids are 128 random bits in hex (32 bytes; FFmpeg holds at most
//     63): the id is the only credential tying a request to a session.
//   - The <seq> counter is parsed but not enforced (PROTOCOL.md: servers
//     should not). Requests of one session are handled one at a time, in
//     arrival order.
//   - The polling byte starts at 0x01, doubles after every ten empty replies
//     in a row up to 0x21 and drops back to 0x01 with the first reply that
//     carries data, like Red5. It is 0 in the last reply of a session the
//     server closed.
//   - An empty /idle poll is held up to Handler.IdleHold (default 20 ms)
//     for data to arrive, a short long-poll that librtmp's polling loop
//     needs (it re-polls immediately after every empty reply); a negative
//     IdleHold answers at once, as Red5 and FMS do.
//   - A session's net.Conn: Read returns /send bodies in order; Write queues
//     bytes that the next replies carry. Each direction holds at most
//     Handler.MaxBuffered bytes: a full write side blocks Write (honouring
//     write deadlines), a full read side holds the /send request until the
//     serve side reads. RemoteAddr is the *net.TCPAddr of the HTTP client
//     that opened the session; LocalAddr the address its request arrived on.
//   - Close on the server side still delivers what was written: the reply
//     that drains the queue has polling byte 0 and removes the session.
//     A client's /close, Handler.Close and Handler.IdleTimeout (no request
//     for that long) end the session at once: Read returns io.EOF and Write
//     ErrSessionClosed or ErrSessionTimeout (both wrap net.ErrClosed).
//   - Limits: Handler.MaxSessions (503 on /open beyond it), MaxBodySize (413),
//     MaxBuffered, IdleTimeout. Unknown sessions and malformed paths get 404,
//     other methods than POST 405. Request bodies are read as they arrive,
//     never allocated from Content-Length.
//
// # Client
//
// [Dial] opens a session for an rtmpt://, rtmpte:// or rtmpts:// URL (or an
// http(s) base URL) and returns a net.Conn. One goroutine issues every
// request in order: written bytes wait up to Config.FlushInterval (FFmpeg's
// rtmp_flush_interval counts packets instead) or until Config.FlushSize
// bytes are queued, then go out in one /send; when nothing is queued it
// polls with /idle, waiting polling-byte × Config.PollUnit after an empty
// reply and polling again at once after a reply with data. Polling stops
// while Config.MaxBuffered unread bytes wait for Read. Close flushes, sends
// /close and releases the HTTP connections. A 404 ends the connection like
// a TCP FIN: Read returns the bytes received, then io.EOF.
package rtmpt
