package rtmp

import (
	"bytes"
	"errors"
	"io"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/rtmpkit/rtmp/amf0"
	"github.com/rtmpkit/rtmp/chunk"
	"github.com/rtmpkit/rtmp/message"
)

var errNotConnected = errors.New("stream command before connect")

// maxEchoedName is the most bytes of a client's method name echoed back in
// an _error description, so a huge name does not make a huge reply.
const maxEchoedName = 64

// clip cuts s to at most n bytes at a UTF-8 character boundary, marking a
// cut with "...".
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "..."
}

// handleCommand answers one command from the client (PROTOCOL.md §6).
// Stream commands arrive on the stream's message stream id (sid).
func (c *ServerConn) handleCommand(sid uint32, cmd *message.Command) error {
	switch cmd.Name {
	case "connect":
		return c.onConnect(cmd)
	case "_result", "_error":
		c.resolveCall(cmd)
		return nil
	case "onStatus", "_checkbw", "onBWDone", "secureTokenResponse", "pong":
		return nil
	case "close":
		c.flushAndClose()
		return nil
	}
	if !c.connected {
		return &ProtocolError{Op: cmd.Name, Err: errNotConnected}
	}
	switch cmd.Name {
	case "createStream":
		c.onCreateStream(cmd)
	case "releaseStream":
		c.reply(cmd.TransactionID, "_result", nil)
	case "FCPublish":
		// onFCPublish carries NetStream.Publish.Start, so it waits for the
		// publish to be authorised (see onPublish).
		c.fcPublish, _ = cmd.StringArg(0)
	case "FCUnpublish":
		name, _ := cmd.StringArg(0)
		for _, st := range c.streams {
			if st.publish != nil && st.publish.name == stripQuery(name) {
				c.endPublish(st, true)
			}
		}
		c.queueCommand(csidCommand, 0, "onFCUnpublish", 0, nil, statusInfo(LevelStatus, CodeUnpublishSuccess, name))
	case "FCSubscribe":
		name, _ := cmd.StringArg(0)
		c.queueCommand(csidCommand, 0, "onFCSubscribe", 0, nil, statusInfo(LevelStatus, CodePlayStart, name))
	case "FCUnsubscribe":
		name, _ := cmd.StringArg(0)
		c.queueCommand(csidCommand, 0, "onFCUnsubscribe", 0, nil, statusInfo(LevelStatus, CodePlayStop, name))
	case "getStreamLength":
		c.reply(cmd.TransactionID, "_result", nil, 0.0)
	case "deleteStream":
		c.onDeleteStream(cmd)
	case "closeStream":
		if st := c.streams[sid]; st != nil {
			c.endPublish(st, true)
			c.endPlay(st, true)
		}
	case "publish":
		return c.onPublish(sid, cmd)
	case "play":
		name, _ := cmd.StringArg(0)
		return c.onPlay(sid, name, cmd.Args[min(1, len(cmd.Args)):])
	case "play2":
		return c.onPlay2(sid, cmd)
	case "pause", "pauseraw":
		c.onPause(sid, cmd)
	case "seek":
		if st := c.streams[sid]; st != nil && st.play != nil {
			c.queueStatus(sid, LevelStatus, CodeSeekNotify, "Seeking.", amf0.Pair{Key: "details", Value: st.play.name})
		}
	case "receiveAudio", "receiveVideo":
		if st := c.streams[sid]; st != nil && st.play != nil {
			on, _ := argBool(cmd, 0)
			if cmd.Name == "receiveAudio" {
				st.play.noAudio.Store(!on)
			} else {
				st.play.noVideo.Store(!on)
			}
		}
	default:
		c.onCall(cmd)
	}
	return nil
}

// reply sends _result/_error for txn unless the client used txn 0.
func (c *ServerConn) reply(txn float64, name string, obj any, args ...any) {
	if txn == 0 {
		return
	}
	c.queueCommand(csidCommand, 0, name, txn, obj, args...)
}

func (c *ServerConn) onConnect(cmd *message.Command) error {
	if c.connected {
		c.reply(cmd.TransactionID, "_error", nil, statusInfo(LevelError, CodeConnectFailed, "Already connected."))
		return nil
	}
	obj, _ := cmd.Object.(amf0.Object)
	c.connectObj = obj
	c.connectArgs = cmd.Args
	app := prop(cmd.Object, "app")
	c.app, c.appQuery, _ = strings.Cut(app, "?")
	c.app = strings.Trim(c.app, "/")
	c.tcURL = prop(cmd.Object, "tcUrl")
	c.flashVer = prop(cmd.Object, "flashVer")
	c.objectEncoding, _ = message.NumberProperty(cmd.Object, "objectEncoding")
	if c.objectEncoding != 3 {
		c.objectEncoding = 0
	}
	c.logApp.Store(&c.app)
	req := c.newRequest(KindConnect)
	w := c.serveHandler(req)
	if w.hijacked {
		return nil
	}
	if se := w.rejection(); se != nil {
		c.logger().Debug("rtmp: connect rejected", "tcUrl", c.tcURL, "code", se.Code, "reason", se.Description)
		c.reply(max(cmd.TransactionID, 1), "_error", nil, statusInfo(LevelError, se.Code, se.Description))
		c.queueCommand(csidCommand, 0, "close", 0, nil)
		c.flushAndClose()
		return nil
	}
	c.connected = true
	wa := c.srv.WindowAckSize
	if wa == 0 {
		wa = DefaultWindowAckSize
	}
	pb := c.srv.PeerBandwidth
	if pb == 0 {
		pb = wa
	}
	cs := c.srv.ChunkSize
	if cs == 0 {
		cs = DefaultChunkSize
	}
	c.lastSentWA = wa
	c.queueMsg(message.WindowAckSize{Size: wa}, 0, 0)
	c.queueMsg(message.SetPeerBandwidth{Size: pb, Limit: message.LimitType(c.srv.PeerBandwidthLimit.wire())}, 0, 0)
	if cm, err := message.Encode(message.SetChunkSize{Size: cs}, 0, 0); err == nil {
		c.queue(outMsg{m: *cm, chunkSize: cs})
	}
	c.reply(max(cmd.TransactionID, 1), "_result",
		amf0.Object{{Key: "fmsVer", Value: "FMS/3,0,1,123"}, {Key: "capabilities", Value: 31.0}, {Key: "mode", Value: 1.0}},
		statusInfo(LevelStatus, CodeConnectSuccess, "Connection succeeded.", amf0.Pair{Key: "objectEncoding", Value: c.objectEncoding}))
	c.logger().Debug("rtmp: connect", "tcUrl", c.tcURL, "flashVer", c.flashVer, "objectEncoding", c.objectEncoding)
	return nil
}

func (c *ServerConn) maxStreams() int {
	if n := c.srv.MaxStreamsPerConn; n > 0 {
		return n
	}
	return DefaultMaxStreams
}

func (c *ServerConn) onCreateStream(cmd *message.Command) {
	if len(c.streams) >= c.maxStreams() {
		c.logger().Warn("rtmp: createStream refused", "err", ErrTooManyStreams, "max", c.maxStreams())
		c.reply(cmd.TransactionID, "_error", nil, statusInfo(LevelError, CodeCallFailed, ErrTooManyStreams.Error()))
		return
	}
	sid := c.newStreamID()
	c.streams[sid] = &netStream{id: sid}
	c.reply(cmd.TransactionID, "_result", nil, float64(sid))
}

func (c *ServerConn) newStreamID() uint32 {
	for {
		c.nextSID++
		if c.nextSID == 0 {
			c.nextSID = 1
		}
		if c.streams[c.nextSID] == nil {
			return c.nextSID
		}
	}
}

// stream returns the NetStream sid; a publish or play on a stream the
// client never created (or on stream 0) gets one, within the limit.
func (c *ServerConn) stream(sid uint32) *netStream {
	if st := c.streams[sid]; st != nil {
		return st
	}
	if len(c.streams) >= c.maxStreams() {
		return nil
	}
	if sid == 0 {
		sid = c.newStreamID()
	}
	st := &netStream{id: sid}
	c.streams[sid] = st
	return st
}

func (c *ServerConn) onDeleteStream(cmd *message.Command) {
	var st *netStream
	if id, ok := cmd.NumberArg(0); ok {
		st = c.streams[uint32(id)]
	} else if full, _ := cmd.StringArg(0); stripQuery(full) != "" {
		name := stripQuery(full)
		// GStreamer's rtmp2sink sends the stream name instead of the id.
		for _, s := range c.streams {
			if (s.publish != nil && s.publish.name == name) || (s.play != nil && s.play.name == name) {
				st = s
				break
			}
		}
	}
	if st == nil {
		return
	}
	c.endPublish(st, true)
	c.endPlay(st, true)
	delete(c.streams, st.id)
}

func stripQuery(name string) string {
	n, _, _ := strings.Cut(name, "?")
	return n
}

// splitName separates a stream name from its query and merges the app's query.
func (c *ServerConn) splitName(full string) (string, url.Values) {
	name, q, _ := strings.Cut(full, "?")
	vals, _ := url.ParseQuery(c.appQuery)
	if vals == nil {
		vals = url.Values{}
	}
	if q != "" {
		sq, _ := url.ParseQuery(q)
		for k, v := range sq {
			vals[k] = append(vals[k], v...)
		}
	}
	return name, vals
}

func (c *ServerConn) onPublish(sid uint32, cmd *message.Command) error {
	st := c.stream(sid)
	full, _ := cmd.StringArg(0)
	if st == nil {
		c.queueStatus(sid, LevelError, CodeStreamFailed, ErrTooManyStreams.Error())
		return nil
	}
	c.endPublish(st, false)
	c.endPlay(st, false)
	req := c.newRequest(KindPublish)
	req.Name, req.Query = c.splitName(full)
	req.StreamID = st.id
	req.PublishType, _ = cmd.StringArg(1)
	if req.PublishType == "" {
		req.PublishType = "live"
	}
	w := c.serveHandler(req)
	if w.hijacked {
		return nil
	}
	fc := c.fcPublish
	c.fcPublish = ""
	if se := w.rejection(); se != nil {
		c.logger().Debug("rtmp: publish rejected", "name", req.Name, "code", se.Code, "reason", se.Description)
		c.queueStatus(st.id, se.Level, se.Code, se.Description, amf0.Pair{Key: "details", Value: req.Name})
		return nil
	}
	if fc != "" && stripQuery(fc) == req.Name {
		c.queueCommand(csidCommand, 0, "onFCPublish", 0, nil, statusInfo(LevelStatus, CodePublishStart, fc))
	}
	st.publish = &publishState{name: req.Name, sink: w.sink, typ: req.PublishType}
	c.trackPublish(st.id, req.Name, true)
	c.queueMsg(message.StreamBegin{StreamID: st.id}, 0, 0)
	c.queueStatus(st.id, LevelStatus, CodePublishStart, req.Name+" is now published.", amf0.Pair{Key: "details", Value: req.Name})
	c.logger().Debug("rtmp: publish", "name", req.Name, "type", req.PublishType, "stream", st.id)
	return nil
}

func (c *ServerConn) onPlay2(sid uint32, cmd *message.Command) error {
	opts := cmd.Arg(0)
	name := prop(opts, "streamName")
	start, _ := message.Property(opts, "start")
	dur, _ := message.Property(opts, "len")
	if start == nil {
		start = -2.0
	}
	if dur == nil {
		dur = -1.0
	}
	return c.onPlay(sid, name, []any{start, dur, false})
}

func (c *ServerConn) onPlay(sid uint32, full string, rest []any) error {
	st := c.stream(sid)
	if st == nil {
		c.queueStatus(sid, LevelError, CodeStreamFailed, ErrTooManyStreams.Error())
		return nil
	}
	c.endPublish(st, false)
	c.endPlay(st, false)
	req := c.newRequest(KindPlay)
	req.Name, req.Query = c.splitName(full)
	req.StreamID = st.id
	req.Start = -2
	req.Duration = -1
	args := &message.Command{Args: rest}
	if v, ok := args.NumberArg(0); ok {
		req.Start = v
	}
	if v, ok := args.NumberArg(1); ok {
		req.Duration = v
	}
	req.Reset, _ = argBool(args, 2)
	req.Live = req.Start < 0
	w := c.serveHandler(req)
	if w.hijacked {
		return nil
	}
	src := w.source()
	if se := w.rejection(); se != nil || src == nil {
		if se == nil {
			se = &StatusError{Level: LevelError, Code: CodePlayStreamNotFound, Description: "No source for " + req.Name + "."}
		}
		if src != nil {
			closeSource(src)
		}
		c.logger().Debug("rtmp: play rejected", "name", req.Name, "code", se.Code, "reason", se.Description)
		c.queueStatus(st.id, se.Level, se.Code, se.Description, amf0.Pair{Key: "details", Value: req.Name})
		return nil
	}
	p := &player{sid: st.id, name: req.Name, src: src}
	p.poll, _ = src.(PollableSource)
	p.waitKey.Store(false)
	st.play = p
	// The replies and the player go to the writer together, so that a
	// Shutdown either sees the player (and tells it) or comes before any
	// reply is written.
	msgs := []outMsg{controlMsg(message.StreamBegin{StreamID: st.id})}
	if req.Reset {
		if m, ok := c.statusMsg(st.id, CodePlayReset, "Playing and resetting "+req.Name+".", req.Name); ok {
			msgs = append(msgs, m)
		}
	}
	if m, ok := c.statusMsg(st.id, CodePlayStart, "Started playing "+req.Name+".", req.Name); ok {
		msgs = append(msgs, m)
	}
	if m, ok := c.dataMsg(st.id, message.HandlerSampleAccess, true, true); ok {
		msgs = append(msgs, m)
	}
	// The eviction hook is in place before the writer can send Play.Start
	// or drain the source, so no eviction is missed and a client that has
	// seen Play.Start can rely on it.
	if n, ok := src.(EvictNotifier); ok {
		n.NotifyEvict(c.evictFunc(p))
	}
	c.addPlayer(p, msgs...)
	c.restack = true
	c.logger().Debug("rtmp: play", "name", req.Name, "start", req.Start, "stream", st.id)
	return nil
}

func (c *ServerConn) onPause(sid uint32, cmd *message.Command) {
	st := c.streams[sid]
	if st == nil || st.play == nil {
		return
	}
	pause, _ := argBool(cmd, 0)
	st.play.paused.Store(pause)
	if pause {
		c.queueStatus(sid, LevelStatus, CodePauseNotify, "Paused "+st.play.name+".", amf0.Pair{Key: "details", Value: st.play.name})
	} else {
		st.play.waitKey.Store(true)
		c.queueStatus(sid, LevelStatus, CodeUnpauseNotify, "Unpaused "+st.play.name+".", amf0.Pair{Key: "details", Value: st.play.name})
	}
}

func (c *ServerConn) onCall(cmd *message.Command) {
	req := c.newRequest(KindCall)
	req.Method = cmd.Name
	req.Args = cmd.Args
	req.Object = cmd.Object
	w := c.serveHandler(req)
	if w.hijacked {
		return
	}
	if se := w.rejection(); se != nil {
		c.reply(cmd.TransactionID, "_error", nil, statusInfo(se.Level, se.Code, se.Description))
		return
	}
	if !w.hasResult {
		c.reply(cmd.TransactionID, "_error", nil, statusInfo(LevelError, CodeCallFailed, "Method not found ("+clip(cmd.Name, maxEchoedName)+")."))
		return
	}
	vals := w.result
	if len(vals) == 0 {
		vals = []any{nil}
	}
	c.reply(cmd.TransactionID, "_result", nil, vals...)
}

// endPublish stops the publish on st, closing its sink; notify sends
// NetStream.Unpublish.Success.
func (c *ServerConn) endPublish(st *netStream, notify bool) {
	ps := st.publish
	if ps == nil {
		return
	}
	st.publish = nil
	c.trackPublish(st.id, ps.name, false)
	if ps.sink != nil {
		if err := ps.sink.Close(); err != nil {
			c.logger().Warn("rtmp: sink close", "name", ps.name, "err", err)
		}
	}
	if notify {
		c.queueStatus(st.id, LevelStatus, CodeUnpublishSuccess, ps.name+" is now unpublished.", amf0.Pair{Key: "details", Value: ps.name})
	}
	c.logger().Debug("rtmp: unpublish", "name", ps.name, "stream", st.id)
}

// endPlay stops the play on st; notify sends StreamEOF.
func (c *ServerConn) endPlay(st *netStream, notify bool) {
	p := st.play
	if p == nil {
		return
	}
	st.play = nil
	p.stopped.Store(true)
	c.removePlayer(p)
	closeSource(p.src)
	if notify {
		c.queueMsg(message.StreamEOF{StreamID: st.id}, 0, 0)
	}
	c.logger().Debug("rtmp: stop", "name", p.name, "stream", st.id)
}

func closeSource(src Source) {
	if cl, ok := src.(io.Closer); ok {
		cl.Close()
	}
}

// handleMedia routes audio, video, data and aggregate messages of a
// publishing stream to its sink. Each payload is copied once into a buffer
// of its own length, which the sink owns: the chunk reader's pooled buffer
// (a power-of-two size class, up to twice the payload) stays with the reader
// and is reused for the next message, so the GOP caches and queues that keep
// payloads hold only the bytes they count. The copy is made once per
// published message, never per player.
func (c *ServerConn) handleMedia(m *chunk.Message) error {
	st := c.streams[m.StreamID]
	if st == nil || st.publish == nil || st.publish.sink == nil {
		return nil
	}
	sink := st.publish.sink
	var err error
	switch m.Type {
	case message.TypeAggregate:
		var subs []chunk.Message
		subs, err = message.AppendSubMessages(subs, m, nil)
		if err != nil {
			return &ProtocolError{Op: "decode aggregate", Err: err}
		}
		for i := range subs {
			// Each sub-payload gets a buffer of its own: as a sub-slice it
			// would keep the whole aggregate (up to MaxMessageSize) alive in
			// GOP caches and queues whose limits count only its own length.
			// Aggregates are rare, so the copy costs little.
			subs[i].Payload = bytes.Clone(subs[i].Payload)
			if err = c.deliver(sink, &subs[i]); err != nil {
				break
			}
		}
	default:
		own := *m
		own.Payload = make([]byte, len(m.Payload))
		copy(own.Payload, m.Payload)
		err = c.deliver(sink, &own)
	}
	if err != nil {
		c.logger().Warn("rtmp: sink refused media; publish stopped", "name", st.publish.name, "err", err)
		c.endPublish(st, false)
		c.queueStatus(st.id, LevelError, CodeStreamFailed, err.Error())
	}
	return nil
}

func (c *ServerConn) deliver(sink Sink, m *chunk.Message) error {
	tag, ok := tagOf(m)
	if !ok {
		return nil
	}
	return sink.WriteTag(tag)
}
