package loadgen

// bitWriter writes big-endian bit fields and Exp-Golomb codes, as H.264 and
// AAC syntax needs.
type bitWriter struct {
	b    []byte
	cur  byte
	nbit uint // bits used in cur
}

// u writes the low n bits of v, most significant first.
func (w *bitWriter) u(n uint, v uint64) {
	for i := int(n) - 1; i >= 0; i-- {
		w.cur = w.cur<<1 | byte(v>>uint(i)&1)
		w.nbit++
		if w.nbit == 8 {
			w.b = append(w.b, w.cur)
			w.cur, w.nbit = 0, 0
		}
	}
}

// ue writes v as an unsigned Exp-Golomb code.
func (w *bitWriter) ue(v uint64) {
	v++
	n := uint(0)
	for x := v; x > 1; x >>= 1 {
		n++
	}
	w.u(n, 0)
	w.u(n+1, v)
}

// se writes v as a signed Exp-Golomb code.
func (w *bitWriter) se(v int64) {
	if v > 0 {
		w.ue(uint64(2*v - 1))
	} else {
		w.ue(uint64(-2 * v))
	}
}

// alignZero pads with zero bits to the next byte boundary.
func (w *bitWriter) alignZero() {
	for w.nbit != 0 {
		w.u(1, 0)
	}
}

// trailing writes rbsp_trailing_bits: a one bit, then zeros to the boundary.
func (w *bitWriter) trailing() {
	w.u(1, 1)
	w.alignZero()
}

// bytes returns the whole bytes written (the writer must be aligned).
func (w *bitWriter) bytes() []byte { return w.b }
