package handshake_test

import (
	"fmt"
	"io"

	"github.com/rtmpkit/rtmp/handshake"
)

type duplex struct {
	io.Reader
	io.Writer
}

// A client and a server complete an RTMPE handshake over in-memory pipes
// and then talk through the RC4 streams. With a net.Conn the same calls
// apply; set deadlines on the conn for timeouts.
func Example() {
	cr, sw := io.Pipe()
	sr, cw := io.Pipe()
	clientConn, serverConn := duplex{cr, cw}, duplex{sr, sw}

	type result struct {
		res *handshake.Result
		err error
	}
	done := make(chan result, 1)
	go func() {
		res, err := handshake.Server(serverConn, nil) // answers whatever the client asks for
		done <- result{res, err}
	}()
	cres, err := handshake.Client(clientConn, &handshake.Config{
		Kind:           handshake.Encrypted,
		EncryptionType: handshake.TypeRTMPEBlowfish,
	})
	if err != nil {
		fmt.Println("client:", err)
		return
	}
	s := <-done
	if s.err != nil {
		fmt.Println("server:", s.err)
		return
	}
	fmt.Println("client:", cres.Kind, fmt.Sprintf("type %#x", cres.EncryptionType), "peer version", cres.PeerVersion)
	fmt.Println("server:", s.res.Kind, s.res.PeerScheme, "peer version", s.res.PeerVersion)

	c := handshake.NewCipherReadWriter(clientConn, cres)
	srv := handshake.NewCipherReadWriter(serverConn, s.res)
	go c.Write([]byte("connect"))
	buf := make([]byte, 7)
	io.ReadFull(srv, buf)
	fmt.Printf("server read %q\n", buf)
	// Output:
	// client: encrypted type 0x9 peer version [3 5 1 1]
	// server: encrypted scheme 1 peer version [128 0 3 2]
	// server read "connect"
}

// A server learns from C1 which handshake the client wants; here an FP9
// digest client using digest scheme 0, as librtmp and FFmpeg do.
func ExampleServer() {
	cr, sw := io.Pipe()
	sr, cw := io.Pipe()
	go handshake.Client(duplex{cr, cw}, &handshake.Config{Kind: handshake.Digest})
	res, err := handshake.Server(duplex{sr, sw}, &handshake.Config{StrictC2: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Kind, res.PeerScheme, res.PeerSignatureValid)
	// Output: digest scheme 0 true
}
