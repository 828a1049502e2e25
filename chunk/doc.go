// Package chunk implements the RTMP chunk stream: basic headers for chunk
// stream ids 2..65599, message header formats 0..3, extended timestamps
// (repeated on every continuation chunk when writing, detected by peeking when
// reading), reassembly into pooled buffers, fragmentation, set-chunk-size,
// abort and the byte counting that acknowledgements need. It does not import net.
//
// # Reading
//
// A Reader reassembles messages from interleaved chunks. It enforces Limits
// (message size, number of chunk streams, memory held for partial messages)
// and reports violations as *ProtocolError. The Message it returns, and its
// Payload, are valid until the next ReadMessage; Reader.Detach hands the pooled
// payload Buffer to the caller, who calls Buffer.Release when done. The caller
// applies Set Chunk Size and Abort messages (SetChunkSize, Abort) before the
// next ReadMessage, and may use AckDue to know when an Acknowledgement is due.
//
// Decisions where peers disagree (PROTOCOL.md §3): a fmt 3 chunk that starts a
// message after a fmt 0 header adds the fmt 0 timestamp (the spec rule); a
// fmt 1/2/3 chunk on a chunk stream without a previous fmt 0 header is an
// error, fmt 3 included; the extended timestamp after a fmt 3 header is
// detected by comparing the next 4 bytes with the values writers put there
// (the header's value, the message timestamp, or zero as gortmplib writes);
// negative deltas wrapped to 32 bits are added modulo 2^32.
//
// # Writing
//
// A Writer chooses the most compact header per chunk stream and fragments
// payloads at its chunk size. WriteMessage writes to an io.Writer;
// AppendMessage appends header slices interleaved with sub-slices of a shared
// payload, for net.Buffers, so fan-out to many connections costs a few header
// bytes per chunk per connection and no payload copies. Prepare lays a
// message's continuation chunks out once (one payload copy per message);
// Writer.AppendPrepared then costs one header and two shared slices per
// connection, whatever the payload size.
//
// # Memory
//
// A header's length field alone never causes a large allocation: a message
// buffer starts at 4 KiB (or the length, if smaller) and doubles as bytes
// arrive, except that a chunk stream that already completed a message of L
// bytes may get up to L bytes at once. Buffers come from a sync.Pool per
// power-of-two size class, and Limits.MaxPartialBytes caps the capacity held
// by incomplete messages of a connection.
package chunk
