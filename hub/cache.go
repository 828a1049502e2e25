package hub

import "github.com/rtmpkit/rtmp/flv"

// cached is a tag kept for late joiners, with its stream time.
type cached struct {
	kind Kind
	tag  flv.Tag
	st   int64
}

// header is a cached sequence header (or other decoder configuration) of
// one media type and track.
type header struct {
	typ  flv.TagType
	slot int
	cached
}

// cache is what a late joiner receives before live media: the metadata, the
// sequence headers, and the current GOP from its keyframe on. It is guarded
// by the stream's mutex.
type cache struct {
	meta    cached
	hasMeta bool

	headers []header // in arrival order of each slot's first header

	gop      []cached // from the last keyframe on; empty when not caching
	gopBytes int
	gopOn    bool // a keyframe started the current GOP and it fits
}

// update records a published tag of class c at stream time st.
func (c *cache) update(cl class, t flv.Tag, st int64, l *limits) {
	switch cl {
	case classMetadata:
		c.meta, c.hasMeta = cached{KindMetadata, t, st}, true
	case classClearMetadata:
		c.meta, c.hasMeta = cached{}, false
	case classAudioHeader, classAudioConfig, classVideoHeader, classVideoMeta:
		c.setHeader(cl, t, st)
	case classKeyframe:
		c.resetGOP()
		if l.gop {
			c.gopOn = true
			c.addGOP(t, st, l)
		}
	case classVideo, classAudio, classVideoControl:
		if c.gopOn {
			c.addGOP(t, st, l)
		}
	}
}

func (c *cache) setHeader(cl class, t flv.Tag, st int64) {
	slot := trackKey(cl, t.Data)
	for i := range c.headers {
		if h := &c.headers[i]; h.typ == t.Type && h.slot == slot {
			h.cached = cached{KindMedia, t, st}
			return
		}
	}
	if len(c.headers) < maxHeaders {
		c.headers = append(c.headers, header{t.Type, slot, cached{KindMedia, t, st}})
	}
}

func (c *cache) addGOP(t flv.Tag, st int64, l *limits) {
	if len(c.gop) >= l.gopTags || c.gopBytes+len(t.Data) > l.gopBytes {
		c.resetGOP()
		return
	}
	c.gop = append(c.gop, cached{KindMedia, t, st})
	c.gopBytes += len(t.Data)
}

// resetGOP empties the GOP, keeping its array for the next one but dropping
// its references to payloads.
func (c *cache) resetGOP() {
	clear(c.gop)
	c.gop, c.gopBytes, c.gopOn = c.gop[:0], 0, false
}

// reset forgets everything (a publishing session ended).
func (c *cache) reset() {
	c.resetGOP()
	clear(c.headers)
	c.headers = c.headers[:0]
	c.meta, c.hasMeta = cached{}, false
}
