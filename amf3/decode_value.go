package amf3

import "fmt"

// valueAfterMarker decodes the value introduced by marker m.
func (d *Decoder) valueAfterMarker(m byte) (any, error) {
	switch m {
	case MarkerUndefined:
		return Undefined{}, nil
	case MarkerNull:
		return nil, nil
	case MarkerFalse:
		return false, nil
	case MarkerTrue:
		return true, nil
	case MarkerInteger:
		u, err := d.readU29()
		if err != nil {
			return nil, err
		}
		return u29ToInt(u), nil
	case MarkerDouble:
		return d.readDouble()
	case MarkerString:
		return d.readString()
	case MarkerXMLDocument, MarkerXML:
		return d.readXML(m)
	case MarkerDate:
		return d.readDate()
	case MarkerArray:
		return d.readArray()
	case MarkerObject:
		return d.readObject()
	case MarkerByteArray:
		return d.readByteArray()
	case MarkerVectorInt, MarkerVectorUint, MarkerVectorDouble:
		return d.readNumericVector(m)
	case MarkerVectorObject:
		return d.readVectorObject()
	case MarkerDictionary:
		return d.readDictionary()
	}
	return nil, &SyntaxError{Offset: d.off - 1, Msg: fmt.Sprintf("unknown marker 0x%02x", m)}
}

func (d *Decoder) value() (any, error) {
	m, err := d.readByte()
	if err != nil {
		return nil, err
	}
	return d.valueAfterMarker(m)
}

// readString reads a U29S string (inline or a string-table reference).
func (d *Decoder) readString() (string, error) {
	h, err := d.readU29()
	if err != nil {
		return "", err
	}
	if h&1 == 0 {
		idx := h >> 1
		if int64(idx) >= int64(len(d.strs)) {
			return "", &ReferenceError{Offset: d.off, Table: "string", Index: int(idx), Size: len(d.strs)}
		}
		return d.strs[idx], nil
	}
	n := h >> 1
	if n == 0 {
		return "", nil
	}
	s, err := d.readUTF8(n)
	if err != nil {
		return "", err
	}
	if len(d.strs) >= d.limits.MaxReferences {
		return "", &LimitError{Offset: d.off, Limit: "MaxReferences", Value: int64(len(d.strs) + 1), Max: int64(d.limits.MaxReferences)}
	}
	d.strs = append(d.strs, s)
	return s, nil
}

// readUTF8 reads n bytes of string data. Invalid UTF-8 is kept as is: AMF3
// peers are not consistent about it and rejecting it would lose data.
func (d *Decoder) readUTF8(n uint32) (string, error) {
	if int64(n) > int64(d.limits.MaxStringLength) {
		return "", &LimitError{Offset: d.off, Limit: "MaxStringLength", Value: int64(n), Max: int64(d.limits.MaxStringLength)}
	}
	if err := d.charge(int64(n)); err != nil {
		return "", err
	}
	if n <= readChunk {
		// Read small strings through a reused buffer: one allocation.
		if cap(d.scratch) < int(n) {
			d.scratch = make([]byte, max(n, 64))
		}
		b := d.scratch[:n]
		if err := d.readFull(b); err != nil {
			return "", err
		}
		return string(b), nil
	}
	b, err := d.readN(int(n))
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// readXML reads an XMLDocument or XML value.
func (d *Decoder) readXML(m byte) (any, error) {
	h, err := d.readU29()
	if err != nil {
		return nil, err
	}
	if h&1 == 0 {
		return d.objectRef(h>>1, m)
	}
	s, err := d.readUTF8(h >> 1)
	if err != nil {
		return nil, err
	}
	var v any = XML(s)
	if m == MarkerXMLDocument {
		v = XMLDocument(s)
	}
	return v, d.addObject(v)
}

func (d *Decoder) readDate() (any, error) {
	h, err := d.readU29()
	if err != nil {
		return nil, err
	}
	if h&1 == 0 {
		return d.objectRef(h>>1, MarkerDate)
	}
	ms, err := d.readDouble()
	if err != nil {
		return nil, err
	}
	v := Date{Millis: ms}
	return v, d.addObject(v)
}

func (d *Decoder) readByteArray() (any, error) {
	h, err := d.readU29()
	if err != nil {
		return nil, err
	}
	if h&1 == 0 {
		return d.objectRef(h>>1, MarkerByteArray)
	}
	n := h >> 1
	if int64(n) > int64(d.limits.MaxByteArrayLength) {
		return nil, &LimitError{Offset: d.off, Limit: "MaxByteArrayLength", Value: int64(n), Max: int64(d.limits.MaxByteArrayLength)}
	}
	if err := d.charge(int64(n)); err != nil {
		return nil, err
	}
	b, err := d.readN(int(n))
	if err != nil {
		return nil, err
	}
	v := ByteArray(b)
	return v, d.addObject(v)
}

func (d *Decoder) readArray() (any, error) {
	h, err := d.readU29()
	if err != nil {
		return nil, err
	}
	if h&1 == 0 {
		return d.objectRef(h>>1, MarkerArray)
	}
	n, err := d.checkCount(h >> 1)
	if err != nil {
		return nil, err
	}
	if err := d.enter(); err != nil {
		return nil, err
	}
	defer d.leave()
	a := &Array{}
	if err := d.addObject(a); err != nil {
		return nil, err
	}
	for {
		k, err := d.readString()
		if err != nil {
			return nil, err
		}
		if k == "" {
			break
		}
		if len(a.Assoc)+n >= d.limits.MaxElements {
			return nil, &LimitError{Offset: d.off, Limit: "MaxElements", Value: int64(len(a.Assoc) + n + 1), Max: int64(d.limits.MaxElements)}
		}
		if err := d.charge(32); err != nil {
			return nil, err
		}
		v, err := d.value()
		if err != nil {
			return nil, err
		}
		a.Assoc = append(a.Assoc, Pair{Key: k, Value: v})
	}
	if n > 0 {
		a.Dense = make([]any, 0, min(n, 1024))
	}
	for range n {
		v, err := d.value()
		if err != nil {
			return nil, err
		}
		a.Dense = append(a.Dense, v)
	}
	return a, nil
}

// readTraits reads the traits part of an object header h (h&1 == 1).
func (d *Decoder) readTraits(h uint32) (*Traits, error) {
	if h&3 == 1 {
		idx := h >> 2
		if int64(idx) >= int64(len(d.traits)) {
			return nil, &ReferenceError{Offset: d.off, Table: "traits", Index: int(idx), Size: len(d.traits)}
		}
		return d.traits[idx], nil
	}
	t := &Traits{}
	if h&7 == 7 {
		t.Externalizable = true
	} else {
		t.Dynamic = h&8 != 0
	}
	var n int
	if !t.Externalizable {
		var err error
		if n, err = d.checkCount(h >> 4); err != nil {
			return nil, err
		}
	}
	name, err := d.readString()
	if err != nil {
		return nil, err
	}
	t.ClassName = name
	if n > 0 {
		t.Sealed = make([]string, 0, min(n, 1024))
	}
	for range n {
		s, err := d.readString()
		if err != nil {
			return nil, err
		}
		t.Sealed = append(t.Sealed, s)
	}
	if len(d.traits) >= d.limits.MaxReferences {
		return nil, &LimitError{Offset: d.off, Limit: "MaxReferences", Value: int64(len(d.traits) + 1), Max: int64(d.limits.MaxReferences)}
	}
	d.traits = append(d.traits, t)
	return t, nil
}

func (d *Decoder) readObject() (any, error) {
	start := d.off - 1
	h, err := d.readU29()
	if err != nil {
		return nil, err
	}
	if h&1 == 0 {
		return d.objectRef(h>>1, MarkerObject)
	}
	t, err := d.readTraits(h)
	if err != nil {
		return nil, err
	}
	if err := d.enter(); err != nil {
		return nil, err
	}
	defer d.leave()
	o := &Object{Traits: t}
	if err := d.addObject(o); err != nil {
		return nil, err
	}
	if t.Externalizable {
		c, ok := lookupExternal(t.ClassName)
		if !ok {
			return nil, &UnknownExternalizableError{Offset: start, ClassName: t.ClassName}
		}
		v, err := c.Read(&d.ext)
		if err != nil {
			return nil, err
		}
		o.External = v
		return o, nil
	}
	if len(t.Sealed) > 0 {
		o.Sealed = make([]any, 0, min(len(t.Sealed), 1024))
	}
	for range t.Sealed {
		v, err := d.value()
		if err != nil {
			return nil, err
		}
		o.Sealed = append(o.Sealed, v)
	}
	if !t.Dynamic {
		return o, nil
	}
	for {
		k, err := d.readString()
		if err != nil {
			return nil, err
		}
		if k == "" {
			return o, nil
		}
		if len(o.Dynamic)+len(t.Sealed) >= d.limits.MaxElements {
			return nil, &LimitError{Offset: d.off, Limit: "MaxElements", Value: int64(len(o.Dynamic) + len(t.Sealed) + 1), Max: int64(d.limits.MaxElements)}
		}
		if err := d.charge(32); err != nil {
			return nil, err
		}
		v, err := d.value()
		if err != nil {
			return nil, err
		}
		o.Dynamic = append(o.Dynamic, Pair{Key: k, Value: v})
	}
}

// vectorHeader reads a vector's U29 header and fixed flag. ref is non-nil
// for a reference.
func (d *Decoder) vectorHeader(m byte) (n int, fixed bool, ref any, err error) {
	h, err := d.readU29()
	if err != nil {
		return 0, false, nil, err
	}
	if h&1 == 0 {
		ref, err = d.objectRef(h>>1, m)
		return 0, false, ref, err
	}
	if n, err = d.checkCount(h >> 1); err != nil {
		return 0, false, nil, err
	}
	f, err := d.readByte()
	if err != nil {
		return 0, false, nil, err
	}
	return n, f != 0, nil, nil
}

func (d *Decoder) readNumericVector(m byte) (any, error) {
	n, fixed, ref, err := d.vectorHeader(m)
	if err != nil || ref != nil {
		return ref, err
	}
	var v any
	switch m {
	case MarkerVectorInt:
		var items []int32
		items, err = readItems32[int32](d, n)
		v = VectorInt{Fixed: fixed, Items: items}
	case MarkerVectorUint:
		var items []uint32
		items, err = readItems32[uint32](d, n)
		v = VectorUint{Fixed: fixed, Items: items}
	default:
		var items []float64
		items, err = d.readDoubles(n)
		v = VectorDouble{Fixed: fixed, Items: items}
	}
	if err != nil {
		return nil, err
	}
	return v, d.addObject(v)
}

// vectorPrealloc caps the capacity allocated for a vector's items before
// they are read, so that a large count in a short input allocates little.
const vectorPrealloc = 4096

// readItems32 reads the n 4-byte items of a Vector.<int> or Vector.<uint>.
func readItems32[T int32 | uint32](d *Decoder, n int) ([]T, error) {
	items := make([]T, 0, min(n, vectorPrealloc))
	for range n {
		u, err := d.readUint32()
		if err != nil {
			return nil, err
		}
		items = append(items, T(u))
	}
	return items, nil
}

// readDoubles reads the n items of a Vector.<Number>.
func (d *Decoder) readDoubles(n int) ([]float64, error) {
	items := make([]float64, 0, min(n, vectorPrealloc))
	for range n {
		f, err := d.readDouble()
		if err != nil {
			return nil, err
		}
		items = append(items, f)
	}
	return items, nil
}

func (d *Decoder) readVectorObject() (any, error) {
	n, fixed, ref, err := d.vectorHeader(MarkerVectorObject)
	if err != nil || ref != nil {
		return ref, err
	}
	name, err := d.readString()
	if err != nil {
		return nil, err
	}
	if err := d.enter(); err != nil {
		return nil, err
	}
	defer d.leave()
	v := &VectorObject{Fixed: fixed, TypeName: name, Items: make([]any, 0, min(n, 1024))}
	if err := d.addObject(v); err != nil {
		return nil, err
	}
	for range n {
		x, err := d.value()
		if err != nil {
			return nil, err
		}
		v.Items = append(v.Items, x)
	}
	return v, nil
}

func (d *Decoder) readDictionary() (any, error) {
	n, weak, ref, err := d.vectorHeader(MarkerDictionary)
	if err != nil || ref != nil {
		return ref, err
	}
	if err := d.enter(); err != nil {
		return nil, err
	}
	defer d.leave()
	v := &Dictionary{WeakKeys: weak, Entries: make([]DictEntry, 0, min(n, 1024))}
	if err := d.addObject(v); err != nil {
		return nil, err
	}
	for range n {
		k, err := d.value()
		if err != nil {
			return nil, err
		}
		x, err := d.value()
		if err != nil {
			return nil, err
		}
		v.Entries = append(v.Entries, DictEntry{Key: k, Value: x})
	}
	return v, nil
}
