package main

import "testing"

// FuzzDescribeVideo: any video tag body is described without a panic.
func FuzzDescribeVideo(f *testing.F) {
	f.Add([]byte{0x17, 0x00, 0, 0, 0, 1, 0x64, 0, 0x0d, 0xff, 0xe1, 0x00, 0x04, 0x67, 0x64, 0x00, 0x0d})
	f.Add(enhancedSequenceStart("hvc1", make([]byte, 23)))
	f.Add(enhancedSequenceStart("av01", []byte{0x81, 0, 0x0c, 0, 0x0a, 0x0b, 0, 0, 0, 0x42, 0xab, 0xbf, 0xc3, 0x70, 0x0b, 0xe0, 0x40}))
	f.Add([]byte{0x27, 0x01, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		vi := describeVideo(data)
		if vi == nil {
			t.Fatal("nil description")
		}
		_ = vi.text()
	})
}

// FuzzDescribeAudio: any audio tag body is described without a panic.
func FuzzDescribeAudio(f *testing.F) {
	f.Add([]byte{0xaf, 0x00, 0x12, 0x10})
	f.Add([]byte{0xaf, 0x00, 0x2b, 0x92, 0x08, 0x00})
	f.Add([]byte{0x2e, 0xff})
	f.Fuzz(func(t *testing.T, data []byte) {
		ai := describeAudio(data)
		if ai == nil {
			t.Fatal("nil description")
		}
		_ = ai.text()
	})
}
