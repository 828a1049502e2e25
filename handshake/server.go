package handshake

import (
	"bytes"
	"crypto/hmac"
	"errors"
	"fmt"
	"io"
)

// Server performs the server side of the handshake on rw: it reads C0C1,
// writes S0S1S2 in one write, then reads exactly C2 (bytes after C2, such
// as the first chunks, stay unread in rw).
//
// The variant is the one the client asks for:
//
//   - C0 = 3 and a zero C1 version field (bytes 4..7): Plain. S1 has a
//     zero version field and S2 echoes C1 verbatim.
//   - C0 = 3 and a non-zero version field: Digest, if the C1 digest
//     validates in scheme 1 or scheme 0 (tried in that order, as
//     nginx-rtmp). If neither validates the server falls back to Plain
//     (S2 = echo of C1) and sets Result.Fallback, as nginx-rtmp does; with
//     Config.StrictDigest it fails with ErrBadDigest instead, as Red5.
//   - C0 = 6, 8 or 9: Encrypted. The C1 digest must validate (scheme 1
//     first, as librtmp's server), else ErrBadDigest. S0 echoes C0, except
//     that Config.EncryptionType may upgrade a 0x06 client to 0x08/0x09.
//   - Any other C0: *VersionError.
//
// For Digest/Encrypted the S1 digest (and RTMPE key) use Config.Scheme,
// by default the scheme the client's digest validated in, and S2 is C1's
// first 1504 bytes followed by the signature, as librtmp's server and Red5
// build it (its content is arbitrary). The C2 signature is checked and
// reported in Result.PeerSignatureValid; it fails the handshake only with
// Config.StrictC2. In the Plain variants a C2 that does not echo S1 is only
// reported.
//
// If the connection closes before the first byte Server returns io.EOF;
// a later close gives an error wrapping io.ErrUnexpectedEOF.
func Server(rw io.ReadWriter, cfg *Config) (*Result, error) {
	s := newSettings(cfg)
	if s.Scheme > Scheme1 {
		return nil, fmt.Errorf("%w: %v", ErrConfig, s.Scheme)
	}
	// One buffer holds C0C1, S0S1S2 and C2.
	buf := make([]byte, 2+4*PacketSize)
	c0c1 := buf[:1+PacketSize]
	if err := readPacket(rw, c0c1[:1], "C0"); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, io.EOF
		}
		return nil, err
	}
	c0 := c0c1[0]
	res := &Result{PeerType: c0}
	switch c0 {
	case TypePlain:
		res.Kind = Digest
	case TypeRTMPE, TypeRTMPEXTEA, TypeRTMPEBlowfish:
		res.Kind = Encrypted
	default:
		return nil, &VersionError{Got: c0}
	}
	c1 := c0c1[1:]
	if err := readPacket(rw, c1, "C1"); err != nil {
		return nil, err
	}
	res.peerHeader(c1)

	if res.Kind == Digest && isZero4(c1[4:8]) {
		res.Kind = Plain
	} else {
		res.PeerScheme, res.PeerDigestOffset = findDigest(c1, fpPartialKey, Scheme1)
		switch {
		case res.PeerScheme != SchemeAuto:
		case res.Kind == Encrypted || s.StrictDigest:
			return nil, fmt.Errorf("%w (C1)", ErrBadDigest)
		default:
			res.Kind, res.Fallback = Plain, true
		}
	}

	s0s1s2 := buf[1+PacketSize : 2+3*PacketSize]
	s1, s2 := s0s1s2[1:1+PacketSize], s0s1s2[1+PacketSize:]
	s0s1s2[0] = TypePlain
	if res.Kind == Encrypted {
		res.EncryptionType = c0
		if c0 == TypeRTMPE && (s.EncryptionType == TypeRTMPEXTEA || s.EncryptionType == TypeRTMPEBlowfish) {
			res.EncryptionType = s.EncryptionType
		}
		s0s1s2[0] = res.EncryptionType
	}

	version := s.Version
	if version == [4]byte{} {
		version = DefaultServerVersion
	}
	if res.Kind == Plain {
		version = [4]byte{}
	}
	fillHeader(s1, s.epoch(), version)
	if err := s.readRand(s1[8:]); err != nil {
		return nil, err
	}

	var c1Digest, s1Digest []byte
	var myPub, peerPub []byte
	if res.Kind == Plain {
		copy(s2, c1)
	} else {
		res.Scheme = s.Scheme
		if res.Scheme == SchemeAuto {
			res.Scheme = res.PeerScheme
		}
		c1Digest = c1[res.PeerDigestOffset : res.PeerDigestOffset+DigestSize]
		var secret [PublicKeySize]byte
		if res.Kind == Encrypted {
			dh, err := newDHKey(&s)
			if err != nil {
				return nil, err
			}
			pos := keyOffset(s1, res.Scheme)
			myPub = s1[pos : pos+PublicKeySize]
			copy(myPub, dh.pub[:])
			pos = keyOffset(c1, res.PeerScheme)
			peerPub = c1[pos : pos+PublicKeySize]
			if secret, err = dh.shared(peerPub); err != nil {
				return nil, err
			}
		}
		pos := writeDigest(s1, res.Scheme, fmsPartialKey)
		s1Digest = s1[pos : pos+DigestSize]
		copy(s2, c1[:signedSize])
		sig := signature(s2, genuineFMSKey, c1Digest, res.EncryptionType)
		copy(s2[signedSize:], sig[:])
		if len(s.SWFHash) == DigestSize {
			res.SWFVerification = SWFVerification(s1, s.SWFHash, s.SWFSize)
		}
		if res.Kind == Encrypted {
			res.ReadCipher, res.WriteCipher = rc4Pair(secret[:], myPub, peerPub)
		}
	}
	if err := writePacket(rw, s0s1s2, "S0S1S2"); err != nil {
		return nil, err
	}

	c2 := buf[2+3*PacketSize:]
	if err := readPacket(rw, c2, "C2"); err != nil {
		return nil, err
	}
	if res.Kind == Plain {
		// C2 should echo S1 apart from its time2 field.
		res.PeerSignatureValid = bytes.Equal(c2[:4], s1[:4]) && bytes.Equal(c2[8:], s1[8:])
		return res, nil
	}
	want := signature(c2, genuineFPKey, s1Digest, res.EncryptionType)
	res.PeerSignatureValid = hmac.Equal(want[:], c2[signedSize:])
	if !res.PeerSignatureValid && s.StrictC2 {
		return nil, fmt.Errorf("%w (C2)", ErrBadSignature)
	}
	return res, nil
}
