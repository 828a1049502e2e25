package hub

// Key names a live stream: the RTMP application and the stream name (the
// publish or play name without its query string). Two fields rather than one
// joined string, because applications and names may both contain '/'.
// Key is comparable and may be used as a map key.
type Key struct {
	App  string
	Name string
}

// MakeKey returns the Key of stream name in application app.
func MakeKey(app, name string) Key { return Key{App: app, Name: name} }

// String returns app + "/" + name, the usual way to show a stream in logs and
// stats.
func (k Key) String() string { return k.App + "/" + k.Name }
