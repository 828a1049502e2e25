package loadgen

import "encoding/binary"

// The synthetic H.264 stream: Constrained Baseline, CAVLC, picture order
// count type 2, one reference frame. Keyframes are IDR pictures coded with
// I_PCM macroblocks (raw samples: trivially valid and decodable), the other
// frames are P pictures whose macroblocks are all skipped (a copy of the
// previous picture), and filler-data NAL units pad each access unit to the
// size the bitrate asks for. Decoders ignore filler, so the stream decodes
// to a constant grey picture whatever its bitrate.
const (
	h264WidthMBs  = 4 // 64 pixels
	h264HeightMBs = 4 // 64 pixels
	h264MBs       = h264WidthMBs * h264HeightMBs
	h264PCMBytes  = 256 + 2*64 // 4:2:0, 8 bits: luma + Cb + Cr samples per macroblock
	h264Profile   = 66         // Baseline
	h264Compat    = 0xC0       // constraint_set0 and constraint_set1: Constrained Baseline
	h264Level     = 31

	nalSlice  = 1
	nalIDR    = 5
	nalSPS    = 7
	nalPPS    = 8
	nalFiller = 12

	log2MaxFrameNum = 4 // frame_num counts modulo 16
)

// nalHeader returns the one-byte NAL unit header.
func nalHeader(refIdc, typ byte) byte { return refIdc<<5 | typ }

// escape returns nal (header and RBSP) with emulation prevention bytes
// inserted: a 0x03 after two zero bytes when the next byte is 0..3.
func escape(nal []byte) []byte {
	out := make([]byte, 0, len(nal)+len(nal)/64+1)
	zeros := 0
	for _, c := range nal {
		if zeros >= 2 && c <= 3 {
			out = append(out, 3)
			zeros = 0
		}
		out = append(out, c)
		if c == 0 {
			zeros++
		} else {
			zeros = 0
		}
	}
	return out
}

// h264SPS returns the sequence parameter set NAL unit.
func h264SPS() []byte {
	var w bitWriter
	w.u(8, uint64(nalHeader(3, nalSPS)))
	w.u(8, h264Profile)
	w.u(8, h264Compat)
	w.u(8, h264Level)
	w.ue(0)                   // seq_parameter_set_id
	w.ue(log2MaxFrameNum - 4) // log2_max_frame_num_minus4
	w.ue(2)                   // pic_order_cnt_type: output order = decoding order
	w.ue(1)                   // max_num_ref_frames
	w.u(1, 0)                 // gaps_in_frame_num_value_allowed_flag
	w.ue(h264WidthMBs - 1)    // pic_width_in_mbs_minus1
	w.ue(h264HeightMBs - 1)   // pic_height_in_map_units_minus1
	w.u(1, 1)                 // frame_mbs_only_flag
	w.u(1, 1)                 // direct_8x8_inference_flag
	w.u(1, 0)                 // frame_cropping_flag
	w.u(1, 0)                 // vui_parameters_present_flag
	w.trailing()
	return escape(w.bytes())
}

// h264PPS returns the picture parameter set NAL unit.
func h264PPS() []byte {
	var w bitWriter
	w.u(8, uint64(nalHeader(3, nalPPS)))
	w.ue(0)   // pic_parameter_set_id
	w.ue(0)   // seq_parameter_set_id
	w.u(1, 0) // entropy_coding_mode_flag: CAVLC
	w.u(1, 0) // bottom_field_pic_order_in_frame_present_flag
	w.ue(0)   // num_slice_groups_minus1
	w.ue(0)   // num_ref_idx_l0_default_active_minus1
	w.ue(0)   // num_ref_idx_l1_default_active_minus1
	w.u(1, 0) // weighted_pred_flag
	w.u(2, 0) // weighted_bipred_idc
	w.se(0)   // pic_init_qp_minus26
	w.se(0)   // pic_init_qs_minus26
	w.se(0)   // chroma_qp_index_offset
	w.u(1, 1) // deblocking_filter_control_present_flag
	w.u(1, 0) // constrained_intra_pred_flag
	w.u(1, 0) // redundant_pic_cnt_present_flag
	w.trailing()
	return escape(w.bytes())
}

// h264IDR returns an IDR picture of I_PCM macroblocks whose samples all
// have the value sample (which must not be 0, so no emulation prevention is
// needed inside the samples).
func h264IDR(idrPicID uint64, sample byte) []byte {
	var w bitWriter
	w.u(8, uint64(nalHeader(3, nalIDR)))
	w.ue(0)                 // first_mb_in_slice
	w.ue(7)                 // slice_type: I, all slices of the picture
	w.ue(0)                 // pic_parameter_set_id
	w.u(log2MaxFrameNum, 0) // frame_num
	w.ue(idrPicID)          // idr_pic_id
	w.u(1, 0)               // no_output_of_prior_pics_flag
	w.u(1, 0)               // long_term_reference_flag
	w.se(0)                 // slice_qp_delta
	w.ue(1)                 // disable_deblocking_filter_idc: off
	for range h264MBs {
		w.ue(25) // mb_type: I_PCM
		w.alignZero()
		for range h264PCMBytes {
			w.u(8, uint64(sample))
		}
	}
	w.trailing()
	return escape(w.bytes())
}

// h264P returns a P picture with frame_num frameNum whose macroblocks are
// all skipped.
func h264P(frameNum uint64) []byte {
	var w bitWriter
	w.u(8, uint64(nalHeader(2, nalSlice)))
	w.ue(0)                        // first_mb_in_slice
	w.ue(5)                        // slice_type: P, all slices of the picture
	w.ue(0)                        // pic_parameter_set_id
	w.u(log2MaxFrameNum, frameNum) // frame_num
	w.u(1, 0)                      // num_ref_idx_active_override_flag
	w.u(1, 0)                      // ref_pic_list_modification_flag_l0
	w.u(1, 0)                      // adaptive_ref_pic_marking_mode_flag
	w.se(0)                        // slice_qp_delta
	w.ue(1)                        // disable_deblocking_filter_idc: off
	w.ue(h264MBs)                  // mb_skip_run: every macroblock
	w.trailing()
	return escape(w.bytes())
}

// h264Filler returns a filler-data NAL unit of exactly n bytes (n >= 2).
func h264Filler(n int) []byte {
	b := make([]byte, n)
	b[0] = nalHeader(0, nalFiller)
	for i := 1; i < n-1; i++ {
		b[i] = 0xFF
	}
	b[n-1] = 0x80 // rbsp_trailing_bits
	return b
}

// avcConfig returns the AVCDecoderConfigurationRecord for sps and pps.
func avcConfig(sps, pps []byte) []byte {
	b := []byte{1, sps[1], sps[2], sps[3], 0xFF, 0xE1} // 4-byte NAL lengths, one SPS
	b = binary.BigEndian.AppendUint16(b, uint16(len(sps)))
	b = append(b, sps...)
	b = append(b, 1)
	b = binary.BigEndian.AppendUint16(b, uint16(len(pps)))
	return append(b, pps...)
}

// FLV AVC video tag bodies (VIDEODATA with AVCVIDEOPACKET).
const (
	flvAVCKey   = 0x17 // keyframe, codec 7 (AVC)
	flvAVCInter = 0x27 // inter frame, codec 7
)

// avcTag returns an FLV video tag body: the 5-byte AVC header with
// composition time 0, then each NAL unit with a 4-byte length, then a
// filler NAL unit if needed to make the body at least size bytes long.
func avcTag(first byte, packetType byte, size int, nals ...[]byte) []byte {
	b := []byte{first, packetType, 0, 0, 0}
	for _, n := range nals {
		b = binary.BigEndian.AppendUint32(b, uint32(len(n)))
		b = append(b, n...)
	}
	if pad := size - len(b) - 4; pad >= 2 {
		b = binary.BigEndian.AppendUint32(b, uint32(pad))
		b = append(b, h264Filler(pad)...)
	}
	return b
}
