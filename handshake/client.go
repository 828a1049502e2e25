package handshake

import (
	"bytes"
	"crypto/hmac"
	"encoding/binary"
	"fmt"
	"io"
)

// Client performs the client side of the handshake on rw: it writes C0C1,
// reads S0S1S2 in full, then writes C2. Reading S2 before writing C2 is
// legal because a server sends S2 once it has C1, and it lets the handshake
// run over unbuffered pipes.
//
// Plain: C1 has a zero version field; C2 echoes S1 with our time in bytes
// 4..7; a mismatched S2 echo is only reported (Result.PeerSignatureValid).
//
// Digest: C1 carries a digest (Config.Scheme, default scheme 0). If the
// server answers S0 = 3 with a zero S1 version field the handshake
// continues as Plain, as librtmp does. Otherwise the S1 digest must
// validate in one of the schemes (ErrBadDigest) and the S2 signature must
// match (ErrBadSignature, checked after C2 has been sent).
//
// Encrypted: as Digest, with C0 = Config.EncryptionType (default 0x06), a
// Diffie-Hellman key in C1 (default scheme 1) and in S1, and the type-0x08
// or 0x09 signature transform if the server answers with that type. The
// server must answer 0x06, 0x08 or 0x09 (else *VersionError). Result holds
// the RC4 ciphers; wrap rw with NewCipherReadWriter.
//
// Deadlines are the caller's: set them on the connection.
func Client(rw io.ReadWriter, cfg *Config) (*Result, error) {
	s := newSettings(cfg)
	kind := s.Kind
	if kind == Plain && len(s.SWFHash) == DigestSize {
		kind = Digest
	}
	c0 := TypePlain
	scheme := s.Scheme
	version := s.Version
	switch kind {
	case Plain:
		scheme = SchemeAuto
		version = [4]byte{}
	case Digest:
		if scheme == SchemeAuto {
			scheme = Scheme0
		}
		if version == [4]byte{} {
			version = DefaultClientVersion
		}
	case Encrypted:
		c0 = s.EncryptionType
		if c0 == 0 {
			c0 = TypeRTMPE
		}
		if c0 != TypeRTMPE && c0 != TypeRTMPEXTEA && c0 != TypeRTMPEBlowfish {
			return nil, fmt.Errorf("%w: encryption type 0x%02x", ErrConfig, c0)
		}
		if scheme == SchemeAuto {
			scheme = Scheme1
		}
		if version == [4]byte{} {
			version = DefaultEncryptedClientVersion
		}
	default:
		return nil, fmt.Errorf("%w: %v", ErrConfig, kind)
	}
	if scheme > Scheme1 {
		return nil, fmt.Errorf("%w: %v", ErrConfig, scheme)
	}

	// One buffer holds C0C1, S0S1S2 and C2.
	buf := make([]byte, 2+4*PacketSize)
	c0c1 := buf[:1+PacketSize]
	c1 := c0c1[1:]
	c0c1[0] = c0
	fillHeader(c1, s.epoch(), version)
	if err := s.readRand(c1[8:]); err != nil {
		return nil, err
	}
	var dh *dhKey
	var myPub []byte
	digestPos := 0
	if kind == Encrypted {
		var err error
		if dh, err = newDHKey(&s); err != nil {
			return nil, err
		}
		pos := keyOffset(c1, scheme)
		myPub = c1[pos : pos+PublicKeySize]
		copy(myPub, dh.pub[:])
	}
	if kind != Plain {
		digestPos = writeDigest(c1, scheme, fpPartialKey)
	}
	if err := writePacket(rw, c0c1, "C0C1"); err != nil {
		return nil, err
	}

	s0s1s2 := buf[1+PacketSize : 2+3*PacketSize]
	if err := readPacket(rw, s0s1s2, "S0S1S2"); err != nil {
		return nil, err
	}
	s0, s1, s2 := s0s1s2[0], s0s1s2[1:1+PacketSize], s0s1s2[1+PacketSize:]
	res := &Result{Kind: kind, PeerType: s0, Scheme: scheme}
	res.peerHeader(s1)

	if kind == Encrypted {
		if s0 != TypeRTMPE && s0 != TypeRTMPEXTEA && s0 != TypeRTMPEBlowfish {
			return nil, &VersionError{Got: s0, Sent: c0}
		}
		res.EncryptionType = s0
	} else if s0 != TypePlain {
		return nil, &VersionError{Got: s0, Sent: c0}
	}

	c2 := buf[2+3*PacketSize:]
	if kind == Digest && isZero4(s1[4:8]) {
		// The server refused the digest handshake (librtmp does the same).
		kind = Plain
		res.Kind, res.Scheme = Plain, SchemeAuto
	}
	if kind == Plain {
		copy(c2, s1)
		binary.BigEndian.PutUint32(c2[4:], s.epoch())
		if err := writePacket(rw, c2, "C2"); err != nil {
			return nil, err
		}
		res.PeerSignatureValid = bytes.Equal(s2, c1)
		return res, nil
	}

	peerScheme, peerPos := findDigest(s1, fmsPartialKey, scheme)
	if peerScheme == SchemeAuto {
		return nil, fmt.Errorf("%w (S1)", ErrBadDigest)
	}
	res.PeerScheme, res.PeerDigestOffset = peerScheme, peerPos
	s1Digest := s1[peerPos : peerPos+DigestSize]
	if len(s.SWFHash) == DigestSize {
		res.SWFVerification = SWFVerification(s1, s.SWFHash, s.SWFSize)
	}
	if kind == Encrypted {
		kpos := keyOffset(s1, peerScheme)
		peerPub := s1[kpos : kpos+PublicKeySize]
		secret, err := dh.shared(peerPub)
		if err != nil {
			return nil, err
		}
		res.ReadCipher, res.WriteCipher = rc4Pair(secret[:], myPub, peerPub)
	}

	if err := s.readRand(c2[:signedSize]); err != nil {
		return nil, err
	}
	sig := signature(c2, genuineFPKey, s1Digest, res.EncryptionType)
	copy(c2[signedSize:], sig[:])
	if err := writePacket(rw, c2, "C2"); err != nil {
		return nil, err
	}

	want := signature(s2, genuineFMSKey, c1[digestPos:digestPos+DigestSize], res.EncryptionType)
	if !hmac.Equal(want[:], s2[signedSize:]) {
		return nil, fmt.Errorf("%w (S2)", ErrBadSignature)
	}
	res.PeerSignatureValid = true
	return res, nil
}
