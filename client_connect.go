package rtmp

import (
	"context"
	"errors"

	"github.com/rtmpkit/rtmp/amf0"
	"github.com/rtmpkit/rtmp/message"
)

var errAlreadyConnected = errors.New("rtmp: Connect called twice")

// ConnectInfo is what the server answered to connect.
type ConnectInfo struct {
	// Properties is the command object of the _result (fmsVer,
	// capabilities, mode, E-RTMP fourCcList...).
	Properties any
	// Info is the info object (level, code, description, objectEncoding,
	// data, secureToken...).
	Info any
	// FMSVer and Capabilities are read from Properties; ObjectEncoding from
	// Info (0 when absent).
	FMSVer         string
	Capabilities   float64
	ObjectEncoding float64
	// Status is the info object's level, code and description.
	Status message.Status
}

// ConnectInfo returns the server's answer to connect, or nil before it.
func (c *ClientConn) ConnectInfo() *ConnectInfo {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.info
}

// connectObject builds the connect command object from the URL and config:
// FFmpeg's player properties, then ClientConfig.ConnectObject on top.
func (c *ClientConn) connectObject() amf0.Object {
	cfg, u := c.cfg, c.u
	app := u.App
	if cfg.App != "" {
		app = cfg.App
	}
	tcURL := u.TCURL
	if cfg.TCURL != "" {
		tcURL = cfg.TCURL
	}
	obj := amf0.Object{
		{Key: "app", Value: app},
		{Key: "flashVer", Value: cfg.flashVer()},
	}
	if cfg.SWFURL != "" {
		obj = append(obj, amf0.Pair{Key: "swfUrl", Value: cfg.SWFURL})
	}
	obj = append(obj,
		amf0.Pair{Key: "tcUrl", Value: tcURL},
		amf0.Pair{Key: "fpad", Value: false},
		amf0.Pair{Key: "capabilities", Value: 15.0},
		amf0.Pair{Key: "audioCodecs", Value: float64(DefaultClientAudioCodecs)},
		amf0.Pair{Key: "videoCodecs", Value: float64(DefaultClientVideoCodecs)},
		amf0.Pair{Key: "videoFunction", Value: 1.0},
	)
	if cfg.PageURL != "" {
		obj = append(obj, amf0.Pair{Key: "pageUrl", Value: cfg.PageURL})
	}
	if cfg.ObjectEncoding == 3 {
		obj = append(obj, amf0.Pair{Key: "objectEncoding", Value: 3.0})
	}
	for _, p := range cfg.ConnectObject {
		obj = setPair(obj, p)
	}
	return obj
}

// setPair replaces or appends p in o; a nil value removes the key.
func setPair(o amf0.Object, p amf0.Pair) amf0.Object {
	for i := range o {
		if o[i].Key == p.Key {
			if p.Value == nil {
				return append(o[:i:i], o[i+1:]...)
			}
			o[i].Value = p.Value
			return o
		}
	}
	if p.Value == nil {
		return o
	}
	return append(o, p)
}

// Connect performs the handshake if needed and sends connect with the
// command object and arguments the URL and ClientConfig describe. It
// returns the server's answer, or a *StatusError with the code and
// description of an _error (NetConnection.Connect.Rejected, ...). When the
// answer carries secureToken and ClientConfig.Token is set, Connect answers
// secureTokenResponse. Connect does not retry with credentials: Dial does
// that, since the server closes the rejected connection.
func (c *ClientConn) Connect(ctx context.Context) (*ConnectInfo, error) {
	return c.connect(ctx, c.connectObject(), c.cfg.ConnArgs)
}

func (c *ClientConn) connect(ctx context.Context, obj amf0.Object, args []any) (*ConnectInfo, error) {
	if err := c.Handshake(ctx); err != nil {
		return nil, err
	}
	if c.ConnectInfo() != nil {
		return nil, errAlreadyConnected
	}
	c.setState(StateConnecting)
	p := c.goCommand(0, message.CommandConnect, obj, args...)
	vals, err := p.Wait(ctx)
	if err != nil {
		var se *StatusError
		if errors.As(err, &se) {
			c.fail(&closedError{cause: err}, StateError)
		} else if ctx.Err() != nil {
			c.fail(err, StateError)
		}
		c.waitFailed() // the final state is reported before Connect returns
		return nil, err
	}
	info := &ConnectInfo{}
	if p.reply != nil {
		info.Properties = p.reply.Object
	}
	if len(vals) > 0 {
		info.Info = vals[0]
	}
	info.FMSVer = prop(info.Properties, "fmsVer")
	info.Capabilities, _ = message.NumberProperty(info.Properties, "capabilities")
	info.ObjectEncoding, _ = message.NumberProperty(info.Info, "objectEncoding")
	info.Status, _ = message.StatusOf(info.Info)
	c.mu.Lock()
	c.info = info
	c.mu.Unlock()
	if info.ObjectEncoding == 3 && c.cfg.ObjectEncoding == 3 {
		c.amf3.Store(true)
	}
	if tok := prop(info.Info, "secureToken"); tok != "" && c.cfg.Token != "" {
		resp, err := decryptSecureToken(tok, c.cfg.Token)
		if err != nil {
			c.log.Warn("rtmp: secureToken", "err", err)
		} else if err := c.sendCommand(csidCommand, 0, "secureTokenResponse", 0, nil, resp); err != nil {
			return nil, err
		}
	}
	c.setState(StateConnected)
	return info, nil
}
