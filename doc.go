// Package rtmp implements RTMP connections: the client ([ClientConn], Dial), the
// server library in the shape of net/http ([Server], [Handler], [ServeMux]),
// NetStreams, remote calls in both directions, shared objects, librtmp-style URL
// parsing and the transports (tcp, tls, rtmpe, rtmpt, socks).
//
// The protocol layers it builds on live in sibling packages: [github.com/rtmpkit/rtmp/amf0],
// [github.com/rtmpkit/rtmp/amf3], [github.com/rtmpkit/rtmp/flv],
// [github.com/rtmpkit/rtmp/handshake], [github.com/rtmpkit/rtmp/chunk] and
// [github.com/rtmpkit/rtmp/message]. None of those import net.//
// # Server
//
// [Server] mirrors net/http.Server and answers every command real clients
// send (connect, releaseStream, FCPublish, createStream, publish, play, play2,
// pause, seek, receiveAudio/Video, FCUnpublish, FCSubscribe, getStreamLength,
// closeStream, deleteStream by id or by name, any transaction id including 0)
// with the onStatus codes FMS and nginx-rtmp use. A [Handler] only decides:
// accept or [ResponseWriter.Reject] a connect, publish or play, attach a
// [Sink] to a publish (called on the read loop with the chunk reader's
// detached payloads, "@setDataFrame" stripped) or a [Source] to a play
// (drained by the connection's writer goroutine, batched into one writev),
// and serve calls. [ServerConn.Call] invokes methods on the client;
// [ResponseWriter.Hijack] hands the raw message stream over.
//
// Outgoing chunk streams follow nginx-rtmp: control 2, NetConnection replies
// 3, onStatus and data 5, audio 6, video 7; media goes on the stream id the
// client's createStream returned, with the timestamps the Source gave.
package rtmp
