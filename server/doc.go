// Package server is the rtmpkit media server: an rtmp.Handler backed by a hub,
// with recording, auth hooks and configuration.
//
// Constructor: New(DefaultConfig()) returns a *Server; Start listens on
// Config.Listen in the background ("127.0.0.1:0" for a free loopback port,
// then Addr or URL), ListenAndServe blocks, Shutdown(ctx) stops gracefully.
// Server also implements rtmp.Handler, so it can be given to any rtmp.Server
// (rtmptest.NewServer(t, srv) works).
//
// # Streams
//
// A publish of app/name takes the hub key (app, name) (the query string is
// not part of the key). A second publisher of a busy key is refused with
// NetStream.Publish.BadName, or with hub.replace_publisher takes over and the
// first publisher is disconnected. A play subscribes to the key whether or
// not it is published: a player that arrives first waits and receives
// NetStream.Play.PublishNotify when the publisher starts, stays across
// unpublish/publish, and late joiners get metadata, sequence headers and the
// cached GOP. Timestamps are rebased per player by the hub. A player that
// falls too far behind is evicted (disconnected).
//
// # Access control
//
// Apps restricts the application names clients may connect to. For each
// action (publish, play) a Rule may require the client's IP to be in an
// allow list of addresses and CIDR prefixes and the stream's query string to
// carry key=SECRET ("rtmp://host/live/cam1?key=SECRET"); both must hold when
// both are set. auth.apps.APP.publish / .play replace the global rule for one
// app. A denied publish gets NetStream.Publish.Denied and a denied play
// NetStream.Play.Failed; neither Publish.Start nor Play.Start is sent.
//
// When auth.callback.url is set, every publish and play that passed the
// rules is POSTed there as JSON (CallbackRequest) before anything is
// answered, for example:
//
//	{"action":"publish","app":"live","name":"cam1","query":"key=abc",
//	 "params":{"key":["abc"]},"remote_addr":"192.0.2.7:51234",
//	 "tc_url":"rtmp://host/live","flash_ver":"FMLE/3.0","stream_id":1,
//	 "publish_type":"live"}
//
// A 2xx status allows; any other status, a transport error or no answer
// within auth.callback.timeout (default 3s) denies. The call runs on the
// client's connection loop, so only that client waits for it.
//
// # Recording
//
// With record.mode "all" (or "apps" and the app listed in record.apps)
// every publish session is written to its own FLV file at
// record.dir/record.path, where {app}, {name} and {time} (UTC,
// 20060102-150405) are substituted. App and stream names come from the
// network, so they are sanitized first (see SanitizeName): path separators,
// NUL and control characters become '_', ".." becomes "__", and the result
// must be a local path under record.dir. An existing file is never
// overwritten ("-2" is added). Timestamps in the file start at 0.
//
// Each tag is written with one write system call of the whole tag (header,
// body, PreviousTagSize) and no user-space buffering, so the file is a valid
// FLV when the publisher stops and, after the server is killed (even with
// SIGKILL), readable up to the last whole tag; only a power failure can lose
// what the kernel had not written yet. The price is one system call per tag
// (about 70 per second for a 25 fps H.264/AAC stream), cheaper than the
// network reads of the same tags; buffering with a flush interval would save
// those calls but lose up to an interval of media on a crash. The write
// happens on the publisher's read loop: a disk that stalls slows that
// publisher only.
//
// # Logs
//
// The server logs with log/slog: listening address, every connect, publish
// (and the recording file), play, publish stop (with the stream's tag, byte,
// drop and eviction counters), play stop (with the player's tags, bytes and
// dropped tags), evictions, denials and errors.
package server
