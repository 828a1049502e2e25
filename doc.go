// Package rtmp implements RTMP connections: the client ([ClientConn], Dial), the
// server library in the shape of net/http ([Server], [Handler], [ServeMux]),
// NetStreams, remote calls in both directions, shared objects, librtmp-style URL
// parsing and the transports (tcp, tls, rtmpe, rtmpt, socks).
//
// The protocol layers it builds on live in sibling packages: [github.com/rtmpkit/rtmp/amf0],
// [github.com/rtmpkit/rtmp/amf3], [github.com/rtmpkit/rtmp/flv],
// [github.com/rtmpkit/rtmp/handshake], [github.com/rtmpkit/rtmp/chunk] and
// [github.com/rtmpkit/rtmp/message]. None of those import net.
//
// # Client
//
// [Dial] connects to an rtmp, rtmps, rtmpe, rtmpt or rtmpte URL (plain, or
// librtmp-style "URL key=value ..." with every librtmp option, see
// [ClientConfig]): transport (TCP, TLS, the [ClientConfig].DialTunnel hook,
// SOCKS), handshake (Digest by default, Encrypted for rtmpe), connect, and the
// Adobe/Limelight authentication dance when the server asks for it.
// [NewClientConn] wraps any net.Conn instead, like crypto/tls.Client.
//
// A [ClientConn] has one goroutine reading the server: it acknowledges at the
// server's window, answers pings and SWF verification, answers onBWDone with
// _checkbw, resolves calls by transaction id, runs the handlers of methods the
// server invokes ([ClientConn.Handle]) and queues media per playing stream.
// Writes happen on the caller's goroutine. [ClientConn.Publish] and
// [ClientConn.Play] return a [Stream]: write [flv.Tag]s (WriteTag) or FLV bytes
// (Write) into a publishing one; read tags (ReadTag) or an FLV file (Read) from
// a playing one, whose metadata is also kept apart (Metadata, Duration).
// Rejections come back as *[StatusError] carrying the server's onStatus or
// _error code and description.
//
// There is no process_packets loop to drive as in librtmp bindings: the read
// loop runs by itself, [ClientConn.Go] returns a [PendingCall] for a reply and
// [ClientConn.Expect] one for the server's next invoke of a method; Wait on
// either. [ClientConn.State] and [ClientConfig].OnState report the state
// (handshaking, connecting, connected, publishing, playing, error,
// disconnected).
//
// # Server
//
// [Server] mirrors net/http.Server and answers every command real clients
// send (connect, releaseStream, FCPublish, createStream, publish, play, play2,
// pause, seek, receiveAudio/Video, FCUnpublish, FCSubscribe, getStreamLength,
// closeStream, deleteStream by id or by name, any transaction id including 0)
// with the onStatus codes FMS and nginx-rtmp use. A [Handler] only decides:
// accept or [ResponseWriter.Reject] a connect, publish or play, attach a
// [Sink] to a publish (called on the read loop with payloads it owns, one
// exact-size copy per message, "@setDataFrame" stripped) or a [Source] to a play
// (drained by the connection's writer and batched into one writev), and
// serve calls.
//
// With a [Server.WriteMergeWindow] (rtmpkit serve uses 50 ms), plain TCP
// connections on Linux run in flush mode: no goroutine per connection for
// writing (one flush goroutine per GOMAXPROCS writes every connection's
// batch once per window with a nonblocking sendmsg), and once a play has
// started the read loop parks the socket in an epoll set until the player
// sends something, so an idle player costs no goroutine at all. Other
// connections (TLS, RTMPE, RTMPT, or no window) have a read and a write
// goroutine each. [ServerConn.Call] invokes methods on the client;
// [ResponseWriter.Hijack] hands the raw message stream over.
//
// Outgoing chunk streams follow nginx-rtmp: control 2, NetConnection replies
// 3, onStatus and data 5, audio 6, video 7; media goes on the stream id the
// client's createStream returned, with the timestamps the Source gave.
package rtmp
