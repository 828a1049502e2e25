package loadgen

// The synthetic AAC stream: AAC-LC, 44.1 kHz, mono. Every frame is silence
// (one single-channel element with no scale factor bands) followed by fill
// elements that pad it to the size the bitrate asks for, then an END element.
const (
	aacSampleRate      = 44100
	aacSamplesPerFrame = 1024
	flvAACHeader       = 0xAF // sound format 10 (AAC), 44 kHz, 16-bit, "stereo" (as FLV requires for AAC)
)

// aacConfig is the AudioSpecificConfig: object type 2 (LC), sampling
// frequency index 4 (44100), channel configuration 1.
var aacConfig = []byte{0x12, 0x08}

// Syntax element ids of raw_data_block.
const (
	aacSCE = 0
	aacFIL = 6
	aacEND = 7
)

// aacMaxFill is the most payload bytes one fill element carries (count 15
// plus an escape count of 255, minus one).
const aacMaxFill = 15 + 255 - 1

// aacSilentFrame returns one raw AAC frame of about size bytes (at least 4).
func aacSilentFrame(size int) []byte {
	var w bitWriter
	w.u(3, aacSCE)
	w.u(4, 0)   // element_instance_tag
	w.u(8, 100) // global_gain
	w.u(1, 0)   // ics_reserved_bit
	w.u(2, 0)   // window_sequence: ONLY_LONG_SEQUENCE
	w.u(1, 0)   // window_shape
	w.u(6, 0)   // max_sfb: no bands, so no section or scale factor data
	w.u(1, 0)   // predictor_data_present
	w.u(1, 0)   // pulse_data_present
	w.u(1, 0)   // tns_data_present
	w.u(1, 0)   // gain_control_data_present
	// 29 bits so far; each fill element costs 7 or 15 bits plus its bytes,
	// and END plus alignment at most 10 bits.
	remaining := size - 6
	for remaining > 4 {
		cnt := min(remaining-2, aacMaxFill)
		w.u(3, aacFIL)
		if cnt < 15 {
			w.u(4, uint64(cnt))
		} else {
			w.u(4, 15)
			w.u(8, uint64(cnt-15+1))
		}
		w.u(4, 0) // extension_type: EXT_FILL
		w.u(4, 0) // fill_nibble
		for range cnt - 1 {
			w.u(8, 0xA5) // fill_byte
		}
		remaining -= cnt + 2
	}
	w.u(3, aacEND)
	w.alignZero()
	return w.bytes()
}
