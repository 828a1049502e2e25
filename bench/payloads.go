// Package bench compares github.com/rtmpkit/rtmp/amf0 with
// github.com/yutopp/go-amf0 on typical RTMP payloads. It is a separate module
// so the main module does not depend on the library it is compared with.
package bench

import "github.com/rtmpkit/rtmp/amf0"

// connectObject is the command object an FFmpeg-like player sends.
var connectObject = amf0.Object{
	{Key: "app", Value: "live"},
	{Key: "flashVer", Value: "LNX 9,0,124,2"},
	{Key: "swfUrl", Value: "http://example.com/player.swf"},
	{Key: "tcUrl", Value: "rtmp://example.com:1935/live"},
	{Key: "fpad", Value: false},
	{Key: "capabilities", Value: 15.0},
	{Key: "audioCodecs", Value: 4071.0},
	{Key: "videoCodecs", Value: 252.0},
	{Key: "videoFunction", Value: 1.0},
	{Key: "pageUrl", Value: "http://example.com/watch.html"},
	{Key: "objectEncoding", Value: 0.0},
}

// metaData is a typical onMetaData ECMA array (15 keys) as FFmpeg writes it.
var metaData = amf0.ECMAArray{
	{Key: "duration", Value: 0.0},
	{Key: "width", Value: 1920.0},
	{Key: "height", Value: 1080.0},
	{Key: "videodatarate", Value: 2500.0},
	{Key: "framerate", Value: 30.0},
	{Key: "videocodecid", Value: 7.0},
	{Key: "audiodatarate", Value: 128.0},
	{Key: "audiosamplerate", Value: 48000.0},
	{Key: "audiosamplesize", Value: 16.0},
	{Key: "stereo", Value: true},
	{Key: "audiocodecid", Value: 10.0},
	{Key: "encoder", Value: "Lavf60.16.100"},
	{Key: "filesize", Value: 0.0},
	{Key: "audiochannels", Value: 2.0},
	{Key: "canSeekToEnd", Value: false},
}

// ConnectCmd is the connect command object as a struct. Both tag keys are
// set so each library can use it.
type ConnectCmd struct {
	App            string  `amf:"app" amf0:"app"`
	FlashVer       string  `amf:"flashVer" amf0:"flashVer"`
	SwfURL         string  `amf:"swfUrl" amf0:"swfUrl"`
	TcURL          string  `amf:"tcUrl" amf0:"tcUrl"`
	Fpad           bool    `amf:"fpad" amf0:"fpad"`
	Capabilities   float64 `amf:"capabilities" amf0:"capabilities"`
	AudioCodecs    float64 `amf:"audioCodecs" amf0:"audioCodecs"`
	VideoCodecs    float64 `amf:"videoCodecs" amf0:"videoCodecs"`
	VideoFunction  float64 `amf:"videoFunction" amf0:"videoFunction"`
	PageURL        string  `amf:"pageUrl" amf0:"pageUrl"`
	ObjectEncoding float64 `amf:"objectEncoding" amf0:"objectEncoding"`
}

// MetaData is onMetaData as a struct.
type MetaData struct {
	Duration        float64 `amf:"duration"`
	Width           float64 `amf:"width"`
	Height          float64 `amf:"height"`
	VideoDataRate   float64 `amf:"videodatarate"`
	FrameRate       float64 `amf:"framerate"`
	VideoCodecID    float64 `amf:"videocodecid"`
	AudioDataRate   float64 `amf:"audiodatarate"`
	AudioSampleRate float64 `amf:"audiosamplerate"`
	AudioSampleSize float64 `amf:"audiosamplesize"`
	Stereo          bool    `amf:"stereo"`
	AudioCodecID    float64 `amf:"audiocodecid"`
	Encoder         string  `amf:"encoder"`
	FileSize        float64 `amf:"filesize"`
	AudioChannels   float64 `amf:"audiochannels"`
	CanSeekToEnd    bool    `amf:"canSeekToEnd"`
}

// ConnectPayload returns the full connect command payload:
// "connect", 1, {command object}.
func ConnectPayload() []byte {
	b := amf0.AppendString(nil, "connect")
	b = amf0.AppendNumber(b, 1)
	b, err := amf0.Append(b, connectObject)
	if err != nil {
		panic(err)
	}
	return b
}

// MetaDataPayload returns the onMetaData data message payload:
// "onMetaData", ECMA array.
func MetaDataPayload() []byte {
	b := amf0.AppendString(nil, "onMetaData")
	b, err := amf0.Append(b, metaData)
	if err != nil {
		panic(err)
	}
	return b
}
