// Package rtmp implements RTMP connections: the client ([ClientConn], Dial), the
// server library in the shape of net/http ([Server], [Handler], [ServeMux]),
// NetStreams, remote calls in both directions, shared objects, librtmp-style URL
// parsing and the transports (tcp, tls, rtmpe, rtmpt, socks).
//
// The protocol layers it builds on live in sibling packages: [github.com/rtmpkit/rtmp/amf0],
// [github.com/rtmpkit/rtmp/amf3], [github.com/rtmpkit/rtmp/flv],
// [github.com/rtmpkit/rtmp/handshake], [github.com/rtmpkit/rtmp/chunk] and
// [github.com/rtmpkit/rtmp/message]. None of those import net.
package rtmp
