package message

// SOEventType is the type of one shared object event (PROTOCOL.md §14).
type SOEventType uint8

// Shared object event types.
const (
	SOUse           SOEventType = 1  // C→S: subscribe to the shared object
	SORelease       SOEventType = 2  // C→S: unsubscribe
	SORequestChange SOEventType = 3  // C→S: set slot Name to Value
	SOChange        SOEventType = 4  // S→C: slot Name now holds Value
	SOSuccess       SOEventType = 5  // S→C: the requester's change of slot Name was accepted
	SOSendMessage   SOEventType = 6  // both: call handler Name with Args on every subscriber
	SOStatus        SOEventType = 7  // S→C: status Name (the code) with Level
	SOClear         SOEventType = 8  // S→C: drop the local copy
	SORemove        SOEventType = 9  // S→C: slot Name was removed
	SORequestRemove SOEventType = 10 // C→S: remove slot Name
	SOUseSuccess    SOEventType = 11 // S→C: the Use was accepted
)

// String returns the event name, or "SOEvent(N)".
func (t SOEventType) String() string {
	names := [...]string{"", "Use", "Release", "RequestChange", "Change", "Success",
		"SendMessage", "Status", "Clear", "Remove", "RequestRemove", "UseSuccess"}
	if t >= 1 && int(t) < len(names) {
		return names[t]
	}
	return "SOEvent(" + itoa(uint32(t)) + ")"
}

// SOFlagPersistent is the [SharedObject] Flags bit of a persistent object.
const SOFlagPersistent uint32 = 2

// SOEvent is one event of a shared object message. Which fields are used
// depends on Type:
//
//	Use, Release, Clear, UseSuccess    none
//	RequestChange, Change              Name (slot), Value
//	Success, Remove, RequestRemove     Name (slot)
//	SendMessage                        Name (handler), Args
//	Status                             Name (code), Level
//	any other type                     Data (the raw event data)
type SOEvent struct {
	Type  SOEventType
	Name  string
	Level string
	Value any
	Args  []any
	Data  []byte // raw data of unknown event types, aliasing the payload
}

// SharedObject is a shared object message: type 19 with AMF0 values, or type
// 16 (AMF3 true) with a leading format byte and AMF3 values.
//
// Body: U16-length name, U32 version, U32 flags ([SOFlagPersistent]), U32
// reserved, then events (U8 type, U32 length, data) to the end.
type SharedObject struct {
	AMF3     bool   // type 16 instead of 19
	Name     string // shared object name
	Version  uint32 // version, incremented by the server on each change
	Flags    uint32 // SOFlagPersistent for a persistent object, else 0
	Reserved uint32 // written as 0 by every known implementation
	Events   []SOEvent
}

// Type returns [TypeSharedObjectAMF3] if m.AMF3, else [TypeSharedObjectAMF0].
func (m SharedObject) Type() uint8 {
	if m.AMF3 {
		return TypeSharedObjectAMF3
	}
	return TypeSharedObjectAMF0
}

// Persistent reports whether Flags has [SOFlagPersistent].
func (m SharedObject) Persistent() bool { return m.Flags&SOFlagPersistent != 0 }

// AppendPayload appends the shared object body.
func (m SharedObject) AppendPayload(b []byte) ([]byte, error) {
	typ := m.Type()
	if len(m.Name) > 0xFFFF {
		return b, encodeErr(typ, ErrTooLarge)
	}
	if m.AMF3 {
		b = append(b, 0)
	}
	b = appendUTF8(b, m.Name)
	b = appendU32(b, m.Version)
	b = appendU32(b, m.Flags)
	b = appendU32(b, m.Reserved)
	for i := range m.Events {
		ev := &m.Events[i]
		b = append(b, byte(ev.Type))
		lenAt := len(b)
		b = appendU32(b, 0)
		var err error
		b, err = appendSOEventData(b, ev, m.AMF3)
		if err != nil {
			return b[:lenAt-1], encodeErr(typ, err)
		}
		n := len(b) - lenAt - 4
		b[lenAt], b[lenAt+1], b[lenAt+2], b[lenAt+3] = byte(n>>24), byte(n>>16), byte(n>>8), byte(n)
	}
	return b, nil
}

func appendSOEventData(b []byte, ev *SOEvent, amf3 bool) ([]byte, error) {
	switch ev.Type {
	case SOUse, SORelease, SOClear, SOUseSuccess:
		return b, nil
	case SOSuccess, SORemove, SORequestRemove:
		if len(ev.Name) > 0xFFFF {
			return b, ErrTooLarge
		}
		return appendUTF8(b, ev.Name), nil
	case SOStatus:
		if len(ev.Name) > 0xFFFF || len(ev.Level) > 0xFFFF {
			return b, ErrTooLarge
		}
		return appendUTF8(appendUTF8(b, ev.Name), ev.Level), nil
	case SORequestChange, SOChange, SOSendMessage:
		return appendSOValueEvent(b, ev, amf3)
	}
	return append(b, ev.Data...), nil
}

func decodeSharedObject(typ uint8, p []byte, lim *Limits) (Message, error) {
	c := cursor{b: p}
	m := &SharedObject{AMF3: typ == TypeSharedObjectAMF3}
	fail := func(err error) (Message, error) { return nil, decodeErr(typ, c.off, err) }
	if m.AMF3 {
		// Format byte: only 0 is defined; Red5 also accepts 3. Accept any.
		if _, err := c.u8(); err != nil {
			return fail(err)
		}
	}
	var err error
	if m.Name, err = c.utf8(); err != nil {
		return fail(err)
	}
	if m.Version, err = c.u32(); err != nil {
		return fail(err)
	}
	if m.Flags, err = c.u32(); err != nil {
		return fail(err)
	}
	if m.Reserved, err = c.u32(); err != nil {
		return fail(err)
	}
	for c.rest() > 0 {
		start := c.off
		t, _ := c.u8()
		n, err := c.u32()
		if err != nil {
			c.off = start
			return fail(err)
		}
		if uint64(n) > uint64(c.rest()) {
			c.off = start
			return fail(errUnexpectedEOF)
		}
		data, _ := c.bytes(int(n))
		m.Events, err = appendSOEvents(m.Events, SOEventType(t), data, m.AMF3, lim)
		if err != nil {
			if e, ok := err.(*soDataError); ok {
				return nil, decodeErr(typ, start+5+e.off, e.err)
			}
			c.off = start
			return fail(err)
		}
	}
	return m, nil
}

// soDataError locates a failure inside one event's data.
type soDataError struct {
	off int
	err error
}

func (e *soDataError) Error() string { return e.err.Error() }

// appendSOEvents decodes the data of one event and appends the resulting
// events (a Change with several slots becomes several Change events).
func appendSOEvents(evs []SOEvent, t SOEventType, data []byte, amf3 bool, lim *Limits) ([]SOEvent, error) {
	if len(evs) >= lim.maxSOEvents() {
		return evs, ErrLimit
	}
	c := cursor{b: data}
	fail := func(err error) ([]SOEvent, error) { return evs, &soDataError{off: c.off, err: err} }
	ev := SOEvent{Type: t}
	var err error
	switch t {
	case SOUse, SORelease, SOClear, SOUseSuccess:
		// No data; anything present is ignored.
	case SOSuccess, SORemove, SORequestRemove:
		if ev.Name, err = c.utf8(); err != nil {
			return fail(err)
		}
	case SOStatus:
		if ev.Name, err = c.utf8(); err != nil {
			return fail(err)
		}
		if ev.Level, err = c.utf8(); err != nil {
			return fail(err)
		}
	case SORequestChange, SOChange, SOSendMessage:
		return decodeSOValueEvent(evs, t, data, amf3, lim)
	default:
		ev.Data = data
	}
	return append(evs, ev), nil
}
