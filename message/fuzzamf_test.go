package message

type fuzzSeed struct {
	typ     uint8
	payload []byte
}

// fuzzAMFSeeds returns command, data and shared object seeds with AMF values.
func fuzzAMFSeeds() []fuzzSeed { return nil }

// fuzzEncodeMayFail reports messages whose decoded form may legitimately not
// encode.
func fuzzEncodeMayFail(Message) bool { return false }
