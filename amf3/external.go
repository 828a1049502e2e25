package amf3

import (
	"sync"
)

// ExternalCodec reads and writes the payload of one externalizable class:
// the bytes that follow the class name in an object with externalizable
// traits. The format is defined only by the class (IExternalizable's
// readExternal/writeExternal), so a decoder must know it to continue.
type ExternalCodec struct {
	// Read decodes the payload; its result becomes Object.External.
	Read func(r *ExternalReader) (any, error)
	// Write encodes Object.External (the value Read would return).
	Write func(w *ExternalWriter, v any) error
}

var externals = struct {
	sync.RWMutex
	m map[string]ExternalCodec
}{m: map[string]ExternalCodec{}}

// RegisterExternalizable registers the codec for the externalizable class
// alias, replacing any earlier one. It is safe for concurrent use. Built in:
// flex.messaging.io.ArrayCollection, flex.messaging.io.ObjectProxy (one AMF3
// value each), and the Flex small messages DSK, DSA and DSC (see
// SmallMessage).
func RegisterExternalizable(alias string, c ExternalCodec) {
	externals.Lock()
	externals.m[alias] = c
	externals.Unlock()
}

func lookupExternal(alias string) (ExternalCodec, bool) {
	externals.RLock()
	c, ok := externals.m[alias]
	externals.RUnlock()
	return c, ok && c.Read != nil
}

// ExternalReader gives an ExternalCodec access to the decoder's stream: raw
// bytes and nested AMF3 values sharing the message's reference tables.
type ExternalReader struct {
	d *Decoder
}

// ReadByte reads one raw byte.
func (r *ExternalReader) ReadByte() (byte, error) { return r.d.readByte() }

// ReadFull fills p with raw bytes.
func (r *ExternalReader) ReadFull(p []byte) error { return r.d.readFull(p) }

// ReadU29 reads a U29 variable-length integer.
func (r *ExternalReader) ReadU29() (uint32, error) { return r.d.readU29() }

// ReadValue reads one AMF3 value (marker included) into the dynamic model.
func (r *ExternalReader) ReadValue() (any, error) { return r.d.value() }

// Offset returns the current input offset, for error reports.
func (r *ExternalReader) Offset() int64 { return r.d.off }

// ExternalWriter gives an ExternalCodec access to the encoder's output.
type ExternalWriter struct {
	e *Encoder
}

// WriteByte writes one raw byte.
func (w *ExternalWriter) WriteByte(b byte) error {
	w.e.buf = append(w.e.buf, b)
	return nil
}

// Write writes raw bytes.
func (w *ExternalWriter) Write(p []byte) (int, error) {
	w.e.buf = append(w.e.buf, p...)
	return len(p), nil
}

// WriteU29 writes a U29 variable-length integer (low 29 bits of v).
func (w *ExternalWriter) WriteU29(v uint32) { w.e.buf = AppendU29(w.e.buf, v) }

// WriteValue writes one AMF3 value, sharing the message's reference tables.
func (w *ExternalWriter) WriteValue(v any) error { return w.e.encode(v) }

// Class aliases of the built-in externalizable classes.
const (
	ClassArrayCollection = "flex.messaging.io.ArrayCollection"
	ClassObjectProxy     = "flex.messaging.io.ObjectProxy"
)

// oneValue is the codec of classes whose external form is one AMF3 value.
var oneValue = ExternalCodec{
	Read:  func(r *ExternalReader) (any, error) { return r.ReadValue() },
	Write: func(w *ExternalWriter, v any) error { return w.WriteValue(v) },
}

// NewArrayCollection returns a flex.messaging.io.ArrayCollection wrapping
// source (normally a slice or *Array).
func NewArrayCollection(source any) *Object {
	return &Object{Traits: &Traits{ClassName: ClassArrayCollection, Externalizable: true}, External: source}
}

// NewObjectProxy returns a flex.messaging.io.ObjectProxy wrapping v
// (normally a map, struct or *Object).
func NewObjectProxy(v any) *Object {
	return &Object{Traits: &Traits{ClassName: ClassObjectProxy, Externalizable: true}, External: v}
}

func init() {
	RegisterExternalizable(ClassArrayCollection, oneValue)
	RegisterExternalizable(ClassObjectProxy, oneValue)
	RegisterExternalizable(ClassSmallAcknowledge, smallCodec(ClassSmallAcknowledge))
	RegisterExternalizable(ClassSmallAsync, smallCodec(ClassSmallAsync))
	RegisterExternalizable(ClassSmallCommand, smallCodec(ClassSmallCommand))
}
