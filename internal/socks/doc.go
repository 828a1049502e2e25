// Package socks is a SOCKS client dialer for the RTMP client: SOCKS4,
// SOCKS4a (host names resolved by the proxy) and SOCKS5 (RFC 1928) with no
// authentication or username/password authentication (RFC 1929), for IPv4,
// IPv6 and domain-name targets.
//
// librtmp's socks=host:port option names a SOCKS4 proxy; [ParseProxy] maps a
// bare host:port to [Version4a], which sends IPv4 literals exactly as SOCKS4
// does and lets the proxy resolve host names. URLs of the form
// socks4://host:port, socks4a://host:port, socks5://user:pass@host:port and
// socks5h://… are accepted too.
//
// Failures are typed: a proxy's refusal is a [*ReplyError] carrying the
// protocol version and the reply code, and it matches [ErrRejected],
// [ErrAuthFailed] or [ErrUnreachable] with errors.Is. A reply that breaks the
// protocol matches [ErrProtocol]; a reply cut short is io.ErrUnexpectedEOF.
//
// Replies have no length field a peer could inflate: every variable part is
// bounded by one length byte (at most 255 bytes), so the reply parsers need no
// limits beyond the protocol's own.
package socks
