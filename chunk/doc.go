// Package chunk implements the RTMP chunk stream: basic headers for chunk
// stream ids 2..65599, message header formats 0..3, extended timestamps
// (repeated on every continuation chunk when writing, detected by peeking when
// reading), reassembly into pooled buffers, fragmentation, set-chunk-size,
// abort and the byte counting that acknowledgements need. It does not import net.
package chunk
