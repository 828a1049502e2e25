package amf0

import (
	"io"
)

// refEntry is one slot of the AMF0 object table.
type refEntry struct {
	val   any
	ready bool   // val may be handed out (complete, or a *TypedObject)
	slots []*any // places holding a reference to this still-open entry
}

// fixup records that member pos of the container being decoded is a
// reference to the open table entry target (a cycle).
type fixup struct {
	target, pos int
}

// decodeState decodes AMF0 values into the dynamic model.
type decodeState struct {
	in       reader
	lim      Limits
	depth    int
	alloc    int64
	refs     []refEntry
	callBase int // first table index created by the current Decode call
	pending  int // 1+index of an open entry the last value referred to
	start    int64
	avm      avmState
}

func (d *decodeState) syntax(off int64, msg string) error {
	return &SyntaxError{Offset: off, Msg: msg}
}

// fail turns a read error into the error the caller returns.
func (d *decodeState) fail(err error) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return &SyntaxError{Offset: d.in.offset(), Msg: "unexpected end of input", Err: io.ErrUnexpectedEOF}
	}
	return err
}

func (d *decodeState) limit(name string, v, max int64) error {
	return &LimitError{Offset: d.in.offset(), Limit: name, Value: v, Max: max}
}

// charge accounts n bytes of allocation against MaxAlloc.
func (d *decodeState) charge(n int64) error {
	d.alloc += n
	if d.alloc > d.lim.MaxAlloc {
		return d.limit("MaxAlloc", d.alloc, d.lim.MaxAlloc)
	}
	return nil
}

// beginCall prepares for decoding one top-level value.
func (d *decodeState) beginCall() {
	d.depth = 0
	d.alloc = 0
	d.pending = 0
	d.callBase = len(d.refs)
	d.start = d.in.offset()
}

// top decodes one top-level value. At a clean end of input it returns io.EOF.
func (d *decodeState) top() (any, error) {
	d.beginCall()
	if d.in.r == nil && d.in.pos >= len(d.in.buf) {
		return nil, io.EOF
	}
	m, err := d.in.readByte()
	if err != nil {
		return nil, err // io.EOF: no more values
	}
	v, err := d.valueMarker(m)
	if err == nil && d.pending != 0 {
		err = &ReferenceError{Offset: d.in.offset(), Index: d.pending - 1, Size: len(d.refs), Msg: "reference to an incomplete object"}
	}
	return v, err
}

// value decodes one value.
func (d *decodeState) value() (any, error) {
	m, err := d.in.readByte()
	if err != nil {
		return nil, d.fail(err)
	}
	return d.valueMarker(m)
}

// valueMarker decodes the value whose marker m has just been read.
func (d *decodeState) valueMarker(m byte) (any, error) {
	switch m {
	case MarkerNumber:
		f, err := d.in.readDouble()
		if err != nil {
			return nil, d.fail(err)
		}
		return f, nil
	case MarkerBoolean:
		b, err := d.in.readByte()
		if err != nil {
			return nil, d.fail(err)
		}
		return b != 0, nil
	case MarkerString:
		n, err := d.in.readU16()
		if err != nil {
			return nil, d.fail(err)
		}
		return d.str(n)
	case MarkerLongString, MarkerXMLDocument:
		n, err := d.in.readU32()
		if err != nil {
			return nil, d.fail(err)
		}
		if int64(n) > int64(d.lim.MaxStringLength) {
			return nil, d.limit("MaxStringLength", int64(n), int64(d.lim.MaxStringLength))
		}
		s, err := d.str(int(n))
		if err != nil || m == MarkerLongString {
			return s, err
		}
		return XMLDocument(s.(string)), nil
	case MarkerNull:
		return nil, nil
	case MarkerUndefined:
		return Undefined{}, nil
	case MarkerUnsupported:
		return Unsupported{}, nil
	case MarkerObject:
		return d.object(false)
	case MarkerECMAArray:
		if _, err := d.in.readU32(); err != nil { // the count is only a hint
			return nil, d.fail(err)
		}
		return d.object(true)
	case MarkerTypedObject:
		return d.typedObject()
	case MarkerStrictArray:
		return d.strictArray()
	case MarkerReference:
		return d.reference()
	case MarkerDate:
		b, err := d.in.readN(10)
		if err != nil {
			return nil, d.fail(err)
		}
		return Date{Ms: beFloat(b), TimeZone: int16(uint16(b[8])<<8 | uint16(b[9]))}, nil
	case MarkerAVMPlus:
		return d.avmPlus()
	case MarkerMovieClip, MarkerRecordSet:
		return nil, &SyntaxError{Offset: d.in.offset() - 1, Msg: markerName(m) + " marker", Err: ErrUnsupportedMarker}
	case MarkerObjectEnd:
		return nil, d.syntax(d.in.offset()-1, "object end marker outside an object")
	}
	return nil, d.syntax(d.in.offset()-1, "unknown marker 0x"+hex2(m))
}

func hex2(b byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[b>>4], digits[b&15]})
}

// str reads n bytes of UTF-8 as a string value.
func (d *decodeState) str(n int) (any, error) {
	if n > d.lim.MaxStringLength {
		return nil, d.limit("MaxStringLength", int64(n), int64(d.lim.MaxStringLength))
	}
	if err := d.charge(int64(n)); err != nil {
		return nil, err
	}
	b, err := d.in.readN(n)
	if err != nil {
		return nil, d.fail(err)
	}
	return makeString(b), nil
}

// enter and leave track container nesting against MaxDepth.
func (d *decodeState) enter() error {
	d.depth++
	if d.depth > d.lim.MaxDepth {
		return d.limit("MaxDepth", int64(d.depth), int64(d.lim.MaxDepth))
	}
	return nil
}

func (d *decodeState) leave() { d.depth-- }

// register appends an open entry to the object table.
func (d *decodeState) register() (int, error) {
	idx := len(d.refs)
	if idx >= d.lim.MaxReferences {
		return 0, d.limit("MaxReferences", int64(idx+1), int64(d.lim.MaxReferences))
	}
	d.refs = append(d.refs, refEntry{})
	return idx, nil
}

// complete stores the finished value of entry idx and patches the places
// that referred to it while it was open.
func (d *decodeState) complete(idx int, v any) {
	e := &d.refs[idx]
	e.val, e.ready = v, true
	for _, p := range e.slots {
		*p = v
	}
	e.slots = nil
}

// resolve turns the fixups of a finished container into stable slot pointers
// on their target entries.
func (d *decodeState) resolve(fx []fixup, slot func(int) *any) {
	for _, f := range fx {
		e := &d.refs[f.target]
		e.slots = append(e.slots, slot(f.pos))
	}
}

func (d *decodeState) reference() (any, error) {
	off := d.in.offset() - 1
	idx, err := d.in.readU16()
	if err != nil {
		return nil, d.fail(err)
	}
	if idx >= len(d.refs) {
		return nil, &ReferenceError{Offset: off, Index: idx, Size: len(d.refs)}
	}
	e := &d.refs[idx]
	if e.ready {
		return e.val, nil
	}
	if idx < d.callBase {
		return nil, &ReferenceError{Offset: off, Index: idx, Size: len(d.refs), Msg: "entry was never completed"}
	}
	d.pending = idx + 1
	return nil, nil
}

// props reads properties until the 00 00 09 terminator. For ECMA arrays an
// input that ends where the terminator is expected is accepted (§8).
func (d *decodeState) props(ps []Pair, ecma bool) ([]Pair, []fixup, error) {
	var fx []fixup
	for {
		b0, err := d.in.readByte()
		if err == io.EOF && ecma {
			return ps, fx, nil
		}
		if err != nil {
			return ps, fx, d.fail(err)
		}
		b1, err := d.in.readByte()
		if err != nil {
			return ps, fx, d.fail(err)
		}
		n := int(b0)<<8 | int(b1)
		if n == 0 {
			m, err := d.in.readByte()
			if err == io.EOF && ecma {
				return ps, fx, nil
			}
			if err != nil {
				return ps, fx, d.fail(err)
			}
			if m != MarkerObjectEnd {
				return ps, fx, d.syntax(d.in.offset()-1, "expected object end after empty property name")
			}
			return ps, fx, nil
		}
		if len(ps) >= d.lim.MaxElements {
			return ps, fx, d.limit("MaxElements", int64(len(ps)+1), int64(d.lim.MaxElements))
		}
		key, err := d.key(n)
		if err != nil {
			return ps, fx, err
		}
		if err := d.charge(32); err != nil {
			return ps, fx, err
		}
		v, err := d.value()
		if err != nil {
			return ps, fx, err
		}
		if d.pending != 0 {
			fx = append(fx, fixup{d.pending - 1, len(ps)})
			d.pending = 0
		}
		ps = append(ps, Pair{Key: key, Value: v})
	}
}

// key reads a property name of n bytes.
func (d *decodeState) key(n int) (string, error) {
	if err := d.charge(int64(n)); err != nil {
		return "", err
	}
	b, err := d.in.readN(n)
	if err != nil {
		return "", d.fail(err)
	}
	return makeString(b), nil
}

// object decodes the properties of an Object (0x03) or ECMA array (0x08).
func (d *decodeState) object(ecma bool) (any, error) {
	idx, err := d.register()
	if err != nil {
		return nil, err
	}
	if err := d.enter(); err != nil {
		return nil, err
	}
	var ps []Pair
	if ecma || d.in.r == nil {
		ps = make([]Pair, 0, d.propHint())
	}
	ps, fx, err := d.props(ps, ecma)
	d.leave()
	if err != nil {
		return nil, err
	}
	if fx != nil {
		d.resolve(fx, func(i int) *any { return &ps[i].Value })
	}
	var v any
	if ecma {
		v = ECMAArray(ps)
	} else {
		v = Object(ps)
	}
	d.complete(idx, v)
	return v, nil
}

// propHint is the initial capacity for a property list: a small guess that
// never exceeds what the remaining input could hold.
func (d *decodeState) propHint() int {
	n := 8
	if r := d.in.remaining(); r >= 0 && r/4 < n {
		n = r / 4
	}
	return n
}

func (d *decodeState) typedObject() (any, error) {
	n, err := d.in.readU16()
	if err != nil {
		return nil, d.fail(err)
	}
	class, err := d.key(n)
	if err != nil {
		return nil, err
	}
	idx, err := d.register()
	if err != nil {
		return nil, err
	}
	t := &TypedObject{ClassName: class}
	d.complete(idx, t) // a pointer: references to it may be handed out at once
	if err := d.enter(); err != nil {
		return nil, err
	}
	ps, fx, err := d.props(nil, false)
	d.leave()
	if err != nil {
		return nil, err
	}
	t.Props = ps
	if fx != nil {
		d.resolve(fx, func(i int) *any { return &t.Props[i].Value })
	}
	return t, nil
}

func (d *decodeState) strictArray() (any, error) {
	n32, err := d.in.readU32()
	if err != nil {
		return nil, d.fail(err)
	}
	if int64(n32) > int64(d.lim.MaxElements) {
		return nil, d.limit("MaxElements", int64(n32), int64(d.lim.MaxElements))
	}
	n := int(n32)
	idx, err := d.register()
	if err != nil {
		return nil, err
	}
	if err := d.enter(); err != nil {
		return nil, err
	}
	// Every element takes at least one byte: never allocate more than the
	// input can fill.
	c := n
	if r := d.in.remaining(); r >= 0 && c > r {
		c = r
	} else if r < 0 && c > 64 {
		c = 64
	}
	if err := d.charge(16 * int64(c)); err != nil {
		return nil, err
	}
	arr := make([]any, 0, c)
	var fx []fixup
	for i := 0; i < n; i++ {
		if len(arr) == cap(arr) {
			if err := d.charge(16 * int64(len(arr))); err != nil {
				return nil, err
			}
		}
		v, err := d.value()
		if err != nil {
			return nil, err
		}
		if d.pending != 0 {
			fx = append(fx, fixup{d.pending - 1, i})
			d.pending = 0
		}
		arr = append(arr, v)
	}
	d.leave()
	if fx != nil {
		d.resolve(fx, func(i int) *any { return &arr[i] })
	}
	d.complete(idx, arr)
	return arr, nil
}
