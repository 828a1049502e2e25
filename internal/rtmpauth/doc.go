// Package rtmpauth implements the RTMP publisher authentication schemes
// servers announce in a rejected connect's _error description, for both the
// client and the server side, plus FMS/Akamai SecureToken (PROTOCOL.md §12).
//
// # The dance
//
// Neither FFmpeg nor librtmp sends credentials in the first connect. The
// server rejects it with a description such as
//
//	[ AccessManager.Reject ] : [ code=403 need auth; authmod=adobe ] :
//
// and closes. The client reconnects with ?authmod=adobe&user=<user> appended
// to both app and tcUrl; the server rejects again, this time with the
// parameters of a challenge (salt, challenge, opaque for Adobe; nonce for
// Limelight):
//
//	[ AccessManager.Reject ] : [ authmod=adobe ] : ?reason=needauth&user=u&salt=s&challenge=c&opaque=o
//
// The client reconnects a third time with its response in the query. A
// failure is reported as ?reason=authfailed (llnw: authfail), nosuchuser or
// invalid_authmod, and the client gives up.
//
// [Client] drives that exchange for the RTMP client: feed it each _error
// description and it returns the query for the next connect. Servers use
// [NeedAuthDescription], [AdobeChallenge], [LlnwChallengeDescription],
// [FailureDescription], [ParseRequest], [VerifyAdobe] and [VerifyLlnw]; the
// server keeps the challenge it issued between connections.
//
// # Adobe variants
//
// FFmpeg computes
//
//	hash1    = base64(md5(user ‖ salt ‖ password))
//	response = base64(md5(hash1 ‖ (opaque, or challenge when there is no opaque) ‖ challenge2))
//
// with challenge2 eight lowercase hex digits. rtmpdump 2.4's librtmp hashes
// only the first 22 characters of hash1, feeds opaque and then the server
// challenge, and sends base64 of four random bytes as challenge2 while
// hashing only its first six characters. [Client] follows FFmpeg by default
// ([VariantFFmpeg]); [VariantLibrtmp] reproduces librtmp for tests and for
// servers that expect it. [VerifyAdobe] accepts both.
//
// Query values are neither percent-encoded nor decoded, as in both
// clients: base64 values keep their '+', '/' and '='. A user name
// containing '&' cannot be expressed.
//
// # Limits
//
// Descriptions and queries come from the network; [ParseDescription] and
// [ParseRequest] enforce a [Limits] value (zero fields take the defaults in
// [DefaultLimits]) and return [ErrLimit] beyond it.
package rtmpauth
