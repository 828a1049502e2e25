module github.com/rtmpkit/rtmp/bench

go 1.25

replace github.com/rtmpkit/rtmp => ../

require (
	github.com/rtmpkit/rtmp v0.0.0-00010101000000-000000000000
	github.com/yutopp/go-amf0 v0.1.0
)
