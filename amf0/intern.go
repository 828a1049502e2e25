package amf0

// internTable holds property names and strings that occur in almost every
// RTMP command, onStatus reply and onMetaData. Decoding one of them returns
// the shared string instead of allocating a copy (a map lookup keyed by
// string(b) does not allocate).
var internTable = func() map[string]string {
	words := []string{
		// commands and data messages
		"connect", "_result", "_error", "onStatus", "createStream", "deleteStream",
		"publish", "play", "play2", "releaseStream", "FCPublish", "FCUnpublish",
		"FCSubscribe", "onFCPublish", "onBWDone", "_checkbw", "getStreamLength",
		"closeStream", "pause", "seek", "receiveAudio", "receiveVideo", "close",
		"@setDataFrame", "onMetaData", "|RtmpSampleAccess", "onPlayStatus", "live",
		// connect and status objects
		"app", "type", "nonprivate", "flashVer", "swfUrl", "tcUrl", "fpad", "capabilities",
		"audioCodecs", "videoCodecs", "videoFunction", "pageUrl", "objectEncoding",
		"fourCcList", "videoFourCcInfoMap", "audioFourCcInfoMap", "capsEx",
		"fmsVer", "mode", "level", "code", "description", "details", "clientid",
		"data", "version", "status", "error", "warning",
		// onMetaData
		"duration", "width", "height", "videodatarate", "framerate", "videocodecid",
		"audiodatarate", "audiosamplerate", "audiosamplesize", "stereo", "audiocodecid",
		"audiochannels", "encoder", "filesize", "fileSize", "canSeekToEnd", "creationdate",
		"hasVideo", "hasAudio", "hasMetadata", "hasKeyframes", "lasttimestamp",
		"avc1", "mp4a", "hvc1", "av01", "Opus",
	}
	m := make(map[string]string, len(words))
	for _, w := range words {
		m[w] = w
	}
	return m
}()

// makeString returns b as a string, shared for well-known words.
func makeString(b []byte) string {
	if len(b) <= 24 {
		if s, ok := internTable[string(b)]; ok {
			return s
		}
	}
	return string(b)
}
